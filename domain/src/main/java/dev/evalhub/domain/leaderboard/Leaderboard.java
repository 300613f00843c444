package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.TaskRef;
import java.util.List;
import java.util.Objects;

/**
 * The leaderboard of one task of a registered benchmark (the benchmark spelled as its owner wrote
 * it): its metric, its direction, its methodology groups in display order (the reference first,
 * results stating no methodology last), its rows ranked within each group (ordered by group, then
 * rank) and, apart, the rows whose value lies outside the task's {@code metric.range}: flagged,
 * never ranked (rank 0). Immutable.
 */
public record Leaderboard(
    TaskRef task,
    String metricName,
    boolean higherIsBetter,
    List<MethodologyGroup> groups,
    List<LeaderboardEntry> entries,
    List<LeaderboardEntry> flagged) {

  public Leaderboard {
    Objects.requireNonNull(task, "task");
    groups = List.copyOf(groups);
    entries = List.copyOf(entries);
    flagged = List.copyOf(flagged);
  }

  /** A leaderboard with nothing flagged, its groups in the order its rows give. */
  public Leaderboard(
      TaskRef task, String metricName, boolean higherIsBetter, List<LeaderboardEntry> entries) {
    this(
        task,
        metricName,
        higherIsBetter,
        entries.stream().map(e -> e.provenance().group()).distinct().toList(),
        entries,
        List.of());
  }
}
