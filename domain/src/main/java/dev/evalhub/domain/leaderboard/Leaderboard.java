package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.TaskRef;
import java.util.List;
import java.util.Objects;

/**
 * The leaderboard of one task of a registered benchmark (the benchmark spelled as its owner wrote
 * it): its metric, its direction and its rows, ranked within each methodology group (rows ordered
 * by group, then rank). Immutable.
 */
public record Leaderboard(
    TaskRef task, String metricName, boolean higherIsBetter, List<LeaderboardEntry> entries) {

  public Leaderboard {
    Objects.requireNonNull(task, "task");
    entries = List.copyOf(entries);
  }
}
