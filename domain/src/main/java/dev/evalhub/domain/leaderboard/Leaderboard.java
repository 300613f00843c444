package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.TaskRef;
import java.util.List;
import java.util.Objects;

/**
 * The leaderboard of one task of a registered benchmark (the benchmark spelled as its owner wrote
 * it): its metric, its direction, its methodology groups in display order (the reference first,
 * results stating no methodology last), its rows ranked within each group (ordered by group, then
 * rank), apart, the rows whose value lies outside the task's {@code metric.range}: flagged, never
 * ranked (rank 0), and what each group's statistical ranks rest on; apart too, the rows that left
 * the default leaderboard because the public record stands against them ({@code invalidated}: a
 * task version declared invalid, an upheld flag), and the banner of a deprecated or withdrawn task
 * ({@code notice}). Immutable.
 */
public record Leaderboard(
    TaskRef task,
    String metricName,
    boolean higherIsBetter,
    List<MethodologyGroup> groups,
    List<LeaderboardEntry> entries,
    List<LeaderboardEntry> flagged,
    List<GroupStatistics> statistics,
    List<LeaderboardEntry> invalidated,
    java.util.Optional<TaskNotice> notice) {

  public Leaderboard {
    Objects.requireNonNull(task, "task");
    groups = List.copyOf(groups);
    entries = List.copyOf(entries);
    flagged = List.copyOf(flagged);
    statistics = List.copyOf(statistics);
    invalidated = List.copyOf(invalidated);
    Objects.requireNonNull(notice, "notice");
  }

  /** A leaderboard with no row invalidated and no banner. */
  public Leaderboard(
      TaskRef task,
      String metricName,
      boolean higherIsBetter,
      List<MethodologyGroup> groups,
      List<LeaderboardEntry> entries,
      List<LeaderboardEntry> flagged,
      List<GroupStatistics> statistics) {
    this(
        task,
        metricName,
        higherIsBetter,
        groups,
        entries,
        flagged,
        statistics,
        List.of(),
        java.util.Optional.empty());
  }

  /** A leaderboard with no statistics. */
  public Leaderboard(
      TaskRef task,
      String metricName,
      boolean higherIsBetter,
      List<MethodologyGroup> groups,
      List<LeaderboardEntry> entries,
      List<LeaderboardEntry> flagged) {
    this(task, metricName, higherIsBetter, groups, entries, flagged, List.of());
  }

  /** The statistics of {@code group}, when it has rows with known uncertainty. */
  public java.util.Optional<GroupStatistics> statistics(MethodologyGroup group) {
    return statistics.stream().filter(s -> s.group().equals(group)).findFirst();
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
