package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The preview of an import of evaluation logs into a model: the results it would add (benchmark
 * task, value ± stderr, samples, methodology, details file), every diagnostic, the results file it
 * would write, the per-sample files it would store, and the id of the kept upload that the "Open a
 * pull request" button sends back (null when nothing may be opened). Immutable.
 */
public record ImportView(
    Chrome chrome,
    String modelId,
    String benchmark,
    String task,
    String metric,
    List<Planned> results,
    List<String> diagnostics,
    boolean hasErrors,
    String resultsPath,
    String resultsYaml,
    List<Detail> details,
    String pendingId) {

  public ImportView {
    results = List.copyOf(results);
    diagnostics = List.copyOf(diagnostics);
    details = List.copyOf(details);
  }

  /** Whether the button that opens the pull request is shown. */
  public boolean canOpen() {
    return pendingId != null;
  }

  /** One result the import would add, and the log number it comes from. */
  public record Planned(
      String datasetId,
      String taskId,
      String value,
      String stderr,
      String numSamples,
      String methodology,
      String detailsPath,
      String from,
      String file) {}

  /** One per-sample file the import would store. */
  public record Detail(String path, String format, String size, String sha256) {}
}
