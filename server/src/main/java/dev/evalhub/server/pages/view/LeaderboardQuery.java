package dev.evalhub.server.pages.view;

import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The leaderboard's GET parameters: the task, the filters (with "hide flagged", issue 14), the sort
 * column and whether derived models are folded under their base ({@code fold=base_model}: derived
 * models are listed, whatever {@code baseModelsOnly} says, in rank order under their base). Builds
 * the links of the task selector and the column headers, so that every link keeps the other
 * choices. Immutable.
 */
public record LeaderboardQuery(
    String task,
    boolean verifiedOnly,
    boolean includeCommunity,
    boolean baseModelsOnly,
    Sort sort,
    boolean foldDerived,
    boolean hideFlagged) {

  /** A query that does not fold and shows flagged rows. */
  public LeaderboardQuery(
      String task,
      boolean verifiedOnly,
      boolean includeCommunity,
      boolean baseModelsOnly,
      Sort sort) {
    this(task, verifiedOnly, includeCommunity, baseModelsOnly, sort, false, false);
  }

  /** Whether the leaderboard keeps only models that declare no {@code base_model}. */
  public boolean listsBaseModelsOnly() {
    return baseModelsOnly && !foldDerived;
  }

  /** The sortable columns; each group stays a separate table and is sorted on its own. */
  public enum Sort {
    RANK,
    MODEL,
    VALUE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the filters keep {@code entry}: verified only, community results or not. */
  public boolean keeps(LeaderboardEntry entry) {
    return (!verifiedOnly || entry.verdict().verified())
        && (includeCommunity || entry.location().onMain());
  }

  public LeaderboardQuery withTask(String newTask) {
    return new LeaderboardQuery(
        newTask, verifiedOnly, includeCommunity, baseModelsOnly, sort, foldDerived, hideFlagged);
  }

  /** The query string (with its {@code ?}) of this query sorted by {@code column}. */
  public String sortedBy(String column) {
    return new LeaderboardQuery(
            task,
            verifiedOnly,
            includeCommunity,
            baseModelsOnly,
            Sort.valueOf(column.toUpperCase(Locale.ROOT)),
            foldDerived,
            hideFlagged)
        .queryString();
  }

  /**
   * The query string (with its {@code ?}) of this task's CSV and Parquet exports: every row, with
   * models that declare a {@code base_model} when this query lists them.
   */
  public String exportQuery() {
    return "?task_id="
        + URLEncoder.encode(task, StandardCharsets.UTF_8)
        + (listsBaseModelsOnly() ? "" : "&base_model=false");
  }

  public String queryString() {
    StringBuilder query =
        new StringBuilder("?task=").append(URLEncoder.encode(task, StandardCharsets.UTF_8));
    // "filtered" tells an unchecked box (absent from a form) from a first visit (community rows
    // shown).
    query.append("&filtered=1");
    if (verifiedOnly) {
      query.append("&verified=1");
    }
    if (includeCommunity) {
      query.append("&community=1");
    }
    if (baseModelsOnly) {
      query.append("&base=1");
    }
    if (foldDerived) {
      query.append("&fold=base_model");
    }
    if (hideFlagged) {
      query.append("&hide_flagged=1");
    }
    return query.append("&sort=").append(sort.id()).toString();
  }
}
