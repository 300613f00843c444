package dev.evalhub.domain.leaderboard;

import java.util.List;

/**
 * The leaderboard of one task of a registered benchmark: its direction and its rows, ranked within each
 * methodology group (rows ordered by group, then rank). Immutable.
 */
public record Leaderboard(String datasetId, String taskId, String metricName, boolean higherIsBetter,
    List<LeaderboardEntry> entries) {

  public Leaderboard {
    entries = List.copyOf(entries);
  }
}
