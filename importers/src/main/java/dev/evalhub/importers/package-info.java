/**
 * Reading evaluation frameworks' logs into {@code .eval_results} entries whose methodology is read
 * from the log, never typed by hand: bytes in, values and positioned diagnostics out, no network.
 *
 * <p>The path: {@link dev.evalhub.importers.LogImporter#read} sniffs every {@link
 * dev.evalhub.importers.LogSource}, hands each framework's files to its {@link
 * dev.evalhub.importers.LogReader}, and returns {@link dev.evalhub.importers.LogResult}s (one per
 * task and metric the logs state) with {@link dev.evalhub.importers.LogDiagnostic}s; {@link
 * dev.evalhub.importers.BenchmarkMatcher} then maps them to benchmark tasks through {@code
 * evalhub.tasks.<id>.sources} of {@code eval.yaml}. Bad input is never an exception: it is a
 * diagnostic with the file, the zip entry, and the JSON pointer or line.
 */
package dev.evalhub.importers;
