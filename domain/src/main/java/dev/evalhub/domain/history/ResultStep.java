package dev.evalhub.domain.history;

import dev.evalhub.domain.PrNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step in the history of a result: a commit that added, changed or removed it (on main or on a
 * pull request), or a status change of a pull request that carried it (closed, reopened, merged).
 * {@code actor} is the account that pushed the commit or made the change, as the hub recorded it,
 * not the commit's author line. Immutable.
 *
 * @param commit the commit for a value change; empty for a status change
 * @param ref {@code refs/heads/main} or {@code refs/pr/N}: where the commit is
 * @param pullRequest the pull request the change came through (for main: the one a merge commit
 *     names)
 */
public record ResultStep(
    Kind kind,
    Instant time,
    String actor,
    Optional<Double> oldValue,
    Optional<Double> newValue,
    Optional<String> commit,
    String ref,
    Optional<PrNumber> pullRequest) {

  /** What the step did to the result. */
  public enum Kind {
    ADDED,
    CHANGED,
    REMOVED,
    PR_CLOSED,
    PR_REOPENED,
    PR_MERGED;

    /** {@code added}, {@code changed}, ..., {@code pr-merged}: the JSON and text spelling. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public ResultStep {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(pullRequest, "pullRequest");
  }
}
