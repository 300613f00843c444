package dev.evalhub.server.pages.view;

import gg.jte.Content;
import java.util.List;

/**
 * The benchmark page (and, with {@code chrome} titled for it, the embeddable leaderboard): the
 * benchmark, its task selector, the chosen task's leaderboard as one table per methodology group,
 * its {@code eval.yaml} and the chart of its results over time ({@code chart}: the SVG rendered by
 * {@code chart.jte}, reused while the leaderboard is; null when no row is shown); {@code evaluate}:
 * whether it offers the signed-in account its "Evaluate with this hub's runner" form (a recipe of
 * this hub runs the benchmark); {@code notice}: the chosen task's banner when it is deprecated or
 * withdrawn (null otherwise); {@code changes}: the benchmark's public changes record. Immutable.
 */
public record BenchmarkView(
    Chrome chrome,
    String datasetId,
    String name,
    String description,
    String framework,
    List<TaskLink> tasks,
    LeaderboardQuery query,
    String metric,
    String direction,
    List<Group> groups,
    int shownRows,
    String evalYaml,
    Content chart,
    boolean evaluate,
    Notice notice,
    List<Change> changes) {

  public BenchmarkView {
    tasks = List.copyOf(tasks);
    groups = List.copyOf(groups);
    changes = List.copyOf(changes);
  }

  /** A page without a banner and without a changes record. */
  public BenchmarkView(
      Chrome chrome,
      String datasetId,
      String name,
      String description,
      String framework,
      List<TaskLink> tasks,
      LeaderboardQuery query,
      String metric,
      String direction,
      List<Group> groups,
      int shownRows,
      String evalYaml,
      Content chart,
      boolean evaluate) {
    this(
        chrome,
        datasetId,
        name,
        description,
        framework,
        tasks,
        query,
        metric,
        direction,
        groups,
        shownRows,
        evalYaml,
        chart,
        evaluate,
        null,
        List.of());
  }

  /**
   * The banner of a deprecated or withdrawn task: its status ({@code deprecated}, {@code
   * withdrawn}), what it means for the leaderboard, the stated reason, since when ({@code since},
   * formatted) and by whom, and the anchor of the commit on the changes record.
   */
  public record Notice(
      String status, String meaning, String reason, String since, String account, String anchor) {}

  /**
   * One change of the benchmark's changes record (issue 14), newest first: the commit (and its
   * anchor id {@code change-COMMIT}, on the first row of a commit only), who, when (formatted), the
   * task, the field, old and new values ({@code –} when absent), the reason and how many results it
   * affects.
   */
  public record Change(
      String commit,
      String anchor,
      String account,
      String time,
      String taskId,
      String field,
      String oldValue,
      String newValue,
      String reason,
      long affected) {}

  /** One entry of the task selector. */
  public record TaskLink(String id, String query, boolean current) {}

  /**
   * One methodology group: a heading that says how it differs from the reference (or from the
   * others), its role ({@code reference}, {@code stated}, {@code none}, or {@code flagged} for the
   * rows outside the task's range, which are not ranked), its rows, what its tiers rest on ({@code
   * tests}: which tests decided how many pairs; null without statistics), its power ({@code power}:
   * the smallest difference its n can tell apart; null when unknown) and its error-bar chart
   * ({@code chart}: null without intervals).
   */
  public record Group(
      String heading,
      String role,
      List<Row> rows,
      String tests,
      String power,
      ErrorBarChart chart,
      boolean measured) {
    public Group {
      rows = List.copyOf(rows);
    }

    /**
     * A group whose columns of uncertainty (n, ± CI, Tier, Rank (UB)) show only when one of its
     * rows has any: a group of bare values keeps the table it had.
     */
    public Group(
        String heading,
        String role,
        List<Row> rows,
        String tests,
        String power,
        ErrorBarChart chart) {
      this(
          heading,
          role,
          rows,
          tests,
          power,
          chart,
          rows.stream().anyMatch(r -> r.n() != null || r.interval() != null || r.tier() != null));
    }

    /** A group without statistics. */
    public Group(String heading, String role, List<Row> rows) {
      this(heading, role, rows, null, null, null);
    }
  }

  /**
   * One leaderboard row. {@code sourceUrl} is null unless the source is an http(s) URL, so that no
   * other scheme is ever a link; {@code pullRequest} is null for results on {@code main}; {@code
   * claims} are the differing values open pull requests state; {@code flag} (null when ranked) says
   * why the value is not ranked. {@code interval} is {@code ± h}, half the width of the row's 95%
   * confidence interval ({@code intervalTitle} the exact interval and its method), else {@code SE
   * s} when only a standard error is known, else null; {@code n}, {@code tier}, {@code rankUpper}
   * and {@code tierTest} are null when unknown; {@code tierBand} is {@code tier-odd} or {@code
   * tier-even} (rows of one tier share a band; null without a tier: no class); {@code compareUrl}
   * links the comparison with the group's leader (null for the leader itself and unranked rows).
   * Folded by lineage, {@code foldLevel} is how many shown rows it sits under (0 otherwise) and
   * {@code derivedFrom} says which base ({@code derived from alice/base (finetune)}; null when the
   * row is under none).
   */
  public record Row(
      String rank,
      String modelId,
      String value,
      String stderr,
      List<BadgeView> badges,
      String methodology,
      String sourceUrl,
      String sourceName,
      Integer pullRequest,
      String notes,
      List<Claim> claims,
      String flag,
      String interval,
      String intervalTitle,
      String n,
      String tier,
      String rankUpper,
      String tierTest,
      String tierBand,
      String compareUrl,
      int foldLevel,
      String derivedFrom) {
    public Row {
      badges = List.copyOf(badges);
      claims = List.copyOf(claims);
    }

    /** {@code folded fold-N} (N up to 4) for a folded row's model cell; null for others. */
    public String foldClass() {
      return foldLevel == 0 ? null : "folded fold-" + Math.min(foldLevel, 4);
    }
  }

  /** A community claim: a value an open pull request states, by whom. */
  public record Claim(String value, int pullRequest, String author) {}
}
