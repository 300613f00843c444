package dev.evalhub.index.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.Trust;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A task's record applied to its candidates (issue 14): a candidate measured with a task version
 * the task declares invalid, or committed after the commit that withdrew the task, leaves the
 * default leaderboard and is listed apart with why ({@link Trust.Invalidation}, the {@code
 * invalidated} badge linking to the commit on the benchmark's changes record); a candidate stating
 * no task version on a task that declares invalid versions stays, marked {@code version-unknown}.
 * Stateless.
 */
public final class Invalidations {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private Invalidations() {}

  /** The candidates that count, and those set apart with why. */
  public record Split(List<Candidate> counted, Map<Candidate, Trust.Invalidation> apart) {}

  /** Splits a task's candidates (a pull request's copy of a {@code main} entry counts once). */
  public static Split split(List<Candidate> candidates, TaskRecords.State state) {
    List<Candidate> counted = new ArrayList<>();
    Map<Candidate, Trust.Invalidation> apart = new IdentityHashMap<>();
    for (Candidate c : Ranking.withoutPullRequestCopies(candidates)) {
      Optional<Trust.Invalidation> why = invalidation(c, state);
      if (why.isPresent()) {
        apart.put(c, why.get());
      } else {
        counted.add(c);
      }
    }
    return new Split(counted, apart);
  }

  private static Optional<Trust.Invalidation> invalidation(Candidate c, TaskRecords.State state) {
    if (c.taskVersion() != null && state.invalidVersions().contains(c.taskVersion())) {
      Trust.Invalidation known = state.invalidations().get(c.taskVersion());
      // eval.yaml declares the version invalid even when the record cannot say who did (the
      // declaring commit beyond the history's reach): the result is set apart all the same.
      return Optional.of(
          known != null
              ? known
              : new Trust.Invalidation(
                  c.taskVersion(),
                  java.time.Instant.EPOCH,
                  "unknown",
                  "declared invalid in eval.yaml; the commit that declared it is beyond the"
                      + " changes record's reach",
                  "",
                  Trust.Invalidation.Cause.INVALID_VERSION));
    }
    if (state.withdrawnAt().isPresent() && c.commitTime() > state.withdrawnAt().get()) {
      var notice = state.notice().orElseThrow();
      return Optional.of(
          new Trust.Invalidation(
              c.taskVersion() == null ? "" : c.taskVersion(),
              notice.since(),
              notice.account(),
              notice.reason(),
              notice.commitId(),
              Trust.Invalidation.Cause.AFTER_WITHDRAWAL));
    }
    return Optional.empty();
  }

  /** {@code entry} (of {@code c}) marked {@code version-unknown} when the task calls for it. */
  public static LeaderboardEntry mark(
      LeaderboardEntry entry, Candidate c, TaskRecords.State state) {
    if (c.taskVersion() != null || state.invalidVersions().isEmpty()) {
      return entry;
    }
    return entry
        .withTrust(entry.trust().withVersionUnknown(true))
        .withBadges(
            List.of(
                new Badge(
                    Badge.Kind.VERSION_UNKNOWN,
                    "no task version stated; the task declares version"
                        + (state.invalidVersions().size() == 1 ? " " : "s ")
                        + String.join(", ", state.invalidVersions())
                        + " invalid",
                    null)));
  }

  /**
   * The rows set apart, one per model and methodology group as on the leaderboard (rank 0), each
   * with its invalidation and badge, by group key then model.
   */
  public static List<LeaderboardEntry> apart(
      Split split,
      TaskRef task,
      BenchmarkInfo.Task settings,
      Function<String, MethodologyGroup> group,
      Predicate<String> ownIssuer) {
    List<Candidate> candidates = new ArrayList<>(split.apart().keySet());
    candidates.sort(
        Comparator.comparing(Candidate::groupKey)
            .thenComparing(Candidate::modelId)
            .thenComparing(Candidate::filePath)
            .thenComparingInt(Candidate::entryIndex));
    List<LeaderboardEntry> rows = new ArrayList<>();
    for (Ranking.Ranked r :
        Ranking.rank(candidates, settings.higherIsBetter(), Optional.empty()).ranked()) {
      Trust.Invalidation why = split.apart().get(r.candidate());
      LeaderboardEntry entry =
          Views.entry(
              new Ranking.Ranked(0, r.candidate(), r.claims()),
              task,
              settings,
              group.apply(r.candidate().groupKey()),
              ownIssuer);
      rows.add(
          entry
              .withTrust(entry.trust().withInvalidation(Optional.of(why)))
              .withBadges(List.of(badge(why, task.benchmark()))));
    }
    rows.sort(
        Comparator.comparing((LeaderboardEntry e) -> e.provenance().group().key())
            .thenComparing(e -> e.model().id().fullName()));
    return rows;
  }

  /**
   * The {@code invalidated} badge: "measured with task version 1, declared invalid on 2026-11-30 by
   * alice: reason" (or "added after the task was withdrawn on ..."), linking to the commit on the
   * benchmark's changes record.
   */
  public static Badge badge(Trust.Invalidation why, RepoId benchmark) {
    String reason = why.reason().lines().findFirst().orElse("");
    String label =
        why.cause() == Trust.Invalidation.Cause.INVALID_VERSION
            ? "measured with task version "
                + why.taskVersion()
                + ", declared invalid on "
                + DAY.format(why.declared())
                + " by "
                + why.account()
                + (reason.isEmpty() ? "" : ": " + reason)
            : "added after the task was withdrawn on "
                + DAY.format(why.declared())
                + " by "
                + why.account()
                + (reason.isEmpty() ? "" : ": " + reason);
    return new Badge(Badge.Kind.INVALIDATED, label, changeUrl(benchmark, why.commitId()));
  }

  /** The anchor of a commit on the benchmark page's changes record. */
  public static String changeUrl(RepoId benchmark, String commitId) {
    return "/" + benchmark.urlPath() + "#change-" + commitId;
  }
}
