package dev.evalhub.server.pages.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The leaderboard's GET parameters: the task, the filters and the sort column. Builds the links of
 * the task selector and the column headers, so that every link keeps the other choices. Immutable.
 */
public record LeaderboardQuery(
    String task,
    boolean verifiedOnly,
    boolean includeCommunity,
    boolean baseModelsOnly,
    Sort sort) {

  /** The sortable columns; each group stays a separate table and is sorted on its own. */
  public enum Sort {
    RANK,
    MODEL,
    VALUE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LeaderboardQuery withTask(String newTask) {
    return new LeaderboardQuery(newTask, verifiedOnly, includeCommunity, baseModelsOnly, sort);
  }

  /** The query string (with its {@code ?}) of this query sorted by {@code column}. */
  public String sortedBy(String column) {
    return new LeaderboardQuery(
            task,
            verifiedOnly,
            includeCommunity,
            baseModelsOnly,
            Sort.valueOf(column.toUpperCase(Locale.ROOT)))
        .queryString();
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
    return query.append("&sort=").append(sort.id()).toString();
  }
}
