/**
 * evalhub's file formats, public API: {@link dev.evalhub.formats.EvalFormats} reads {@code
 * eval.yaml}, {@code .eval_results/*.yaml} and model-card front matter from bytes into typed values
 * and positioned {@link dev.evalhub.formats.Diagnostic}s. No I/O happens in this module.
 */
package dev.evalhub.formats;
