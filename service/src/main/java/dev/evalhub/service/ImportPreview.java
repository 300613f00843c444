package dev.evalhub.service;

import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.LogDiagnostic;
import java.util.List;

/**
 * What importing some logs into a model would write, computed without committing: the results,
 * every problem found in the logs and in mapping them (errors refuse the import), the path and text
 * of the {@code .eval_results} file, and the per-sample files with the paths they get. {@code
 * resultsPath} and {@code resultsYaml} are null when nothing maps. Immutable.
 */
public record ImportPreview(
    List<PlannedResult> results,
    List<LogDiagnostic> diagnostics,
    String resultsPath,
    String resultsYaml,
    List<DetailsFile> details) {

  public ImportPreview {
    results = List.copyOf(results);
    diagnostics = List.copyOf(diagnostics);
    details = List.copyOf(details);
  }

  /** Whether a diagnostic is an error: then nothing is committed. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(LogDiagnostic::isError);
  }
}
