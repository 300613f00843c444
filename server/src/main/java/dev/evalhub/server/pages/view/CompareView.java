package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The compare page: two rows of one methodology group of a task's leaderboard side by side, the
 * test of A against B ({@code test}, null when none could be made, then {@code notEstablished} says
 * why) and, when both have per-sample details, the common items: the filter links with their counts
 * and the items the current filter keeps, at most {@code cap} of {@code matching}. Every number is
 * formatted already. Immutable.
 */
public record CompareView(
    Chrome chrome,
    String datasetId,
    String taskId,
    String groupLabel,
    Side a,
    Side b,
    Test test,
    String notEstablished,
    List<Filter> filters,
    List<Item> items,
    int matching,
    int cap) {

  public CompareView {
    filters = List.copyOf(filters);
    items = List.copyOf(items);
  }

  /**
   * One model's row: its value, its 95% interval ({@code [lo, hi]} with its method; null when
   * unknown), n, standard error and its source, rank and tier (null when unknown).
   */
  public record Side(
      String modelId,
      String value,
      String interval,
      String n,
      String stderr,
      String rank,
      String tier) {}

  /**
   * The test: its name, the difference A − B and its interval ({@code 95% CI [lo, hi]}), the
   * two-sided p-value, the common items and, of those, where A scored higher and where B did.
   */
  public record Test(
      String method,
      String difference,
      String interval,
      String pValue,
      int common,
      int aBetter,
      int bBetter,
      boolean paired) {}

  /** A filter of the items: its label, how many items it keeps, its link, whether it is shown. */
  public record Filter(String label, int count, String url, boolean current) {}

  /** One common item: its id and A's and B's scores. */
  public record Item(String id, String a, String b) {}
}
