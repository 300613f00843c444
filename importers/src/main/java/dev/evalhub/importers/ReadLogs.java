package dev.evalhub.importers;

import java.util.List;

/**
 * What the importer read from a set of logs: the numbers they state, in the order of the files and
 * of each file, and every problem found. Results of a file with errors are left out; other files'
 * results remain. Immutable.
 */
public record ReadLogs(List<LogResult> results, List<LogDiagnostic> diagnostics) {

  public ReadLogs {
    results = List.copyOf(results);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(LogDiagnostic::isError);
  }
}
