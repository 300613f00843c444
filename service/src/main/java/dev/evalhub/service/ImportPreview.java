package dev.evalhub.service;

import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.LogDiagnostic;
import java.util.List;

/** Placeholder of i12-service's ImportPreview. */
public record ImportPreview(
    List<PlannedResult> results,
    List<LogDiagnostic> diagnostics,
    String resultsPath,
    String resultsYaml,
    List<DetailsFile> details) {

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(LogDiagnostic::isError);
  }
}
