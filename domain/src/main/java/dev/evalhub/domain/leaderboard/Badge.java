package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.job.JobId;
import java.util.Objects;

/**
 * A badge of a result, always computed by the hub: {@code verified} (label: the issuer), {@code
 * community} (label: the pull request), {@code source} (label: the source's name, else its host;
 * with its url), {@code leaderboard} (label: {@code dataset/task}), {@code reproduced} (the hub
 * recomputed the value from the per-sample details in the repository; label: "recomputed from N
 * samples (metric)") or {@code not-reproduced} (the details in the repository do not give the
 * value, or do not match their {@code details.sha256}, or cannot be read; label: why, with both
 * numbers for a value that differs); from the public record (issue 14, {@link Trust}): {@code
 * invalidated} (the task version it used is declared invalid, or an upheld flag stands; url: the
 * record), {@code version-unknown} (no task version, on a task that declares invalid versions),
 * {@code flagged} (an open or inherited flag; url: the flag's discussion) and {@code discrepancy}
 * (another source disagrees beyond noise). Immutable; {@code url} is null but for source badges
 * (the source's url), for the verified badge of a result that this hub's own runner evaluated (the
 * page of its job, {@code /jobs/ID}, relative to the hub: docs/RUNNER.md) and for a discrepancy
 * (the other source's page, {@code /NS/NAME/discussions/N} or {@code /NS/NAME/blob/main/FILE},
 * relative to the hub).
 */
public record Badge(Kind kind, String label, String url) {

  /** What a badge says; {@link #id()} is its name on the wire and in the pages. */
  public enum Kind {
    VERIFIED("verified"),
    COMMUNITY("community"),
    SOURCE("source"),
    LEADERBOARD("leaderboard"),
    REPRODUCED("reproduced"),
    NOT_REPRODUCED("not-reproduced"),
    INVALIDATED("invalidated"),
    VERSION_UNKNOWN("version-unknown"),
    FLAGGED("flagged"),
    DISCREPANCY("discrepancy");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public Badge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
  }

  public static Badge verified(String issuer) {
    return new Badge(Kind.VERIFIED, issuer, null);
  }

  /**
   * The verified badge of a result whose token, signed by one of this hub's own keys, names the job
   * {@code job} of this hub's runner: its url is the job's page.
   */
  public static Badge verifiedByJob(String issuer, JobId job) {
    return new Badge(Kind.VERIFIED, issuer, "/jobs/" + job.value());
  }

  public static Badge community(PrNumber pullRequest) {
    return new Badge(Kind.COMMUNITY, "PR #" + pullRequest, null);
  }

  public static Badge source(String label, String url) {
    return new Badge(Kind.SOURCE, label, url);
  }

  public static Badge reproduced(String how) {
    return new Badge(Kind.REPRODUCED, how, null);
  }

  public static Badge notReproduced(String why) {
    return new Badge(Kind.NOT_REPRODUCED, why, null);
  }

  public static Badge leaderboard(TaskRef task) {
    return new Badge(Kind.LEADERBOARD, task.toString(), null);
  }
}
