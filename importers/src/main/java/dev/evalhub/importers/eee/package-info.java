/**
 * EvalEval "Every Eval Ever" (schema 0.3.0): {@link dev.evalhub.importers.eee.EeeReader} reads
 * aggregate records and their instance-level samples files, {@link
 * dev.evalhub.importers.eee.EeeExport} writes evalhub results as records, and {@link
 * dev.evalhub.importers.eee.EeeSchema} validates both against the schemas in this package's
 * resources. See {@code docs/importing/every-eval-ever.md}.
 */
package dev.evalhub.importers.eee;
