/**
 * Per-item scores of a per-sample details file (the six {@code details.format} ids the hub knows),
 * for standard errors, paired tests on common items and re-scoring: {@link
 * dev.evalhub.importers.samples.SampleReaders#read} streams the file within the {@link
 * dev.evalhub.importers.ImportLimits} and returns a {@link
 * dev.evalhub.importers.samples.SampleScores} or a reason. The rules per format are in {@code
 * docs/importing/*.md}, section "Per-sample scores".
 */
package dev.evalhub.importers.samples;
