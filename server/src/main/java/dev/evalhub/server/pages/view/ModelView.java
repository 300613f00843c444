package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The model page: its results grouped by benchmark, its methodology spreads (the tasks it has
 * results on in more than one methodology group), the result files that failed validation with
 * their positioned errors, the results its model card ({@code model-index}) declares, its open pull
 * requests and its {@code base_model} lineage. Immutable.
 */
public record ModelView(
    Chrome chrome,
    String modelId,
    List<BenchmarkResults> benchmarks,
    List<Spread> spreads,
    List<InvalidFile> invalidFiles,
    List<CardResult> cardResults,
    List<PullRequestLink> openPullRequests,
    Lineage lineage) {

  public ModelView {
    benchmarks = List.copyOf(benchmarks);
    spreads = List.copyOf(spreads);
    invalidFiles = List.copyOf(invalidFiles);
    cardResults = List.copyOf(cardResults);
    openPullRequests = List.copyOf(openPullRequests);
  }

  /**
   * The results that name one dataset; {@code registered} when it is a benchmark with a
   * leaderboard; {@code evaluate}: the tasks of these results that the signed-in account may have
   * this hub's runner evaluate (a recipe runs the benchmark), in order, empty for visitors.
   */
  public record BenchmarkResults(
      String datasetId, boolean registered, List<Result> results, List<String> evaluate) {
    public BenchmarkResults {
      results = List.copyOf(results);
      evaluate = List.copyOf(evaluate);
    }
  }

  /** One result; {@code sourceUrl} is null unless it is an http(s) URL. */
  public record Result(
      String taskId,
      String value,
      String stderr,
      List<BadgeView> badges,
      String methodology,
      String date,
      String sourceUrl,
      String sourceName,
      String notes,
      Integer pullRequest,
      String file,
      String notOnLeaderboard,
      String verificationError) {
    public Result {
      badges = List.copyOf(badges);
    }
  }

  /**
   * One task's results side by side: the methodology keys they share ({@code key value} text, empty
   * when none), the keys that differ (the highlighted columns) and one row per result.
   */
  public record Spread(
      String datasetId,
      String taskId,
      String common,
      List<String> differing,
      List<SpreadRow> rows) {
    public Spread {
      differing = List.copyOf(differing);
      rows = List.copyOf(rows);
    }
  }

  /**
   * One result of a spread: value, standard error, n and date (null when not stated), its values of
   * the differing keys (in their order; {@code unspecified} where it states none), its provenance
   * ({@code verified}, {@code main} or {@code pull-request}, with the pull request) and file.
   */
  public record SpreadRow(
      String value,
      String stderr,
      String n,
      String date,
      List<String> differs,
      String provenance,
      Integer pullRequest,
      String file) {
    public SpreadRow {
      differs = List.copyOf(differs);
    }
  }

  /**
   * A result file with errors: where it is, the pull request it comes from (or null), and its
   * diagnostics.
   */
  public record InvalidFile(String file, Integer pullRequest, String errors) {}

  /** One metric of the model card's {@code model-index}. */
  public record CardResult(String task, String dataset, String metric, String value) {}

  /** An open pull request. */
  public record PullRequestLink(int number, String title, String author) {}

  /**
   * The model's {@code base_model} lineage as the visitor may see it: the trees of its parents (up)
   * and children (down); {@code truncated} when a bound cut them short.
   */
  public record Lineage(List<LineageNode> parents, List<LineageNode> children, boolean truncated) {
    public static final Lineage NONE = new Lineage(List.of(), List.of(), false);

    public Lineage {
      parents = List.copyOf(parents);
      children = List.copyOf(children);
    }

    public boolean isEmpty() {
      return parents.isEmpty() && children.isEmpty();
    }
  }

  /**
   * One model of a lineage tree: its id, whether it is on this hub (then linked), its relation
   * ({@code finetune}, {@code merge}, {@code adapter}, {@code quantized}, {@code unknown}) and the
   * next level (its parents, or its children).
   */
  public record LineageNode(String id, boolean onHub, String relation, List<LineageNode> next) {
    public LineageNode {
      next = List.copyOf(next);
    }
  }
}
