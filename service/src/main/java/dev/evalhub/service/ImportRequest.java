package dev.evalhub.service;

/**
 * What the importing person asked for besides the logs: the benchmark ({@code NS/NAME}), task and
 * framework metric key that the logs feed when the benchmark's {@code eval.yaml} sources do not say
 * (each null when not named; see {@code docs/importing/README.md}), whether to open a pull request
 * instead of committing to {@code main}, and the commit or pull-request title (null: one is made
 * from the logs). Immutable.
 */
public record ImportRequest(
    String benchmark, String task, String metric, boolean createPr, String title) {

  /** Matching by the benchmarks' sources, committing to {@code main}, with a made-up title. */
  public static final ImportRequest DEFAULT = new ImportRequest(null, null, null, false, null);

  public ImportRequest {
    benchmark = blankToNull(benchmark);
    task = blankToNull(task);
    metric = blankToNull(metric);
    title = blankToNull(title);
  }

  public ImportRequest withCreatePr(boolean pr) {
    return new ImportRequest(benchmark, task, metric, pr, title);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
