package dev.evalhub.domain.leaderboard;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a benchmark's public changes record (issue 14), derived from the git history of its
 * {@code eval.yaml} on {@code main}: a commit changed {@code field} of task {@code taskId} from
 * {@code oldValue} to {@code newValue} (each empty when absent). {@code field} is one of {@code
 * task} (the task added or removed: its id as the new or old value), {@code status}, {@code
 * status_reason}, {@code invalid_versions} (one entry per version added, as the new value, or
 * removed, as the old value), {@code version}, {@code metric.name}, {@code
 * metric.higher_is_better}, {@code metric.range} ({@code [min, max]}), {@code metric.kind}, {@code
 * reference} (the reference methodology as canonical JSON) and {@code sources} (as JSON). {@code
 * account} is who pushed or committed it (the hub's push note, else the commit's author), {@code
 * time} the commit's committer time, {@code reason} the task's {@code status_reason} for a status
 * change, else the commit message; {@code affected} how many results of public models (on {@code
 * main} or an open pull request, a pull request's copy of a {@code main} entry counted once) the
 * change concerns now: those measured with the version declared invalid (or valid again), those
 * committed after a withdrawing commit, those not measured with a new {@code version}, every result
 * of the task otherwise. Immutable.
 */
public record BenchmarkChange(
    String commitId,
    String account,
    Instant time,
    String taskId,
    String field,
    Optional<String> oldValue,
    Optional<String> newValue,
    String reason,
    long affected) {

  public BenchmarkChange {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    Objects.requireNonNull(reason, "reason");
    if (affected < 0) {
      throw new IllegalArgumentException("affected must be >= 0, got " + affected);
    }
  }
}
