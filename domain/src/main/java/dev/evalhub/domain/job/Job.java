package dev.evalhub.domain.job;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One evaluation job as its record holds it: what was asked (model and benchmark, each pinned to a
 * commit, the task, the recipe that runs it), by whom, and where it is (state, attempt, the reason
 * of a failure, the pull request its results were opened in), with the time of its creation and of
 * its last change and who made that change. Immutable; the {@code with...} methods return changed
 * copies.
 *
 * @param attempt how many times a worker has claimed it (0 while never run)
 * @param reason why it failed or was cancelled or requeued, one line; empty otherwise
 * @param pullRequest the number of the pull request on the model that holds its results
 */
public record Job(
    JobId id,
    String requestedBy,
    RepoId model,
    CommitId modelRevision,
    RepoId benchmark,
    CommitId benchmarkRevision,
    String task,
    String recipe,
    JobState state,
    int attempt,
    Optional<String> reason,
    Optional<Integer> pullRequest,
    Instant created,
    Instant updated,
    String updatedBy) {

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  public Job {
    Objects.requireNonNull(id, "id");
    requireWord(requestedBy, "requestedBy");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelRevision, "modelRevision");
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(benchmarkRevision, "benchmarkRevision");
    if (model.type() != RepoType.MODEL || benchmark.type() != RepoType.DATASET) {
      throw new IllegalArgumentException(
          "a job evaluates a model on a dataset, got " + model + " on " + benchmark);
    }
    requireWord(task, "task");
    requireWord(recipe, "recipe");
    Objects.requireNonNull(state, "state");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be 0 or more, got " + attempt);
    }
    reason = reason.map(Job::oneLine);
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    requireWord(updatedBy, "updatedBy");
  }

  /** Whether {@code text} may be a task id or recipe id of a job: 1 to 128 of [A-Za-z0-9_.:-]. */
  public static boolean isWord(String text) {
    return text != null && WORD.matcher(text).matches();
  }

  /**
   * This job in {@code newState}, with {@code newReason} (null: none), changed by {@code actor}.
   */
  public Job withState(JobState newState, String newReason, Instant time, String actor) {
    return new Job(
        id,
        requestedBy,
        model,
        modelRevision,
        benchmark,
        benchmarkRevision,
        task,
        recipe,
        newState,
        attempt,
        Optional.ofNullable(newReason),
        pullRequest,
        created,
        time,
        actor);
  }

  /** This job claimed by a worker: running, one attempt more, no reason. */
  public Job claimed(Instant time, String actor) {
    return new Job(
        id,
        requestedBy,
        model,
        modelRevision,
        benchmark,
        benchmarkRevision,
        task,
        recipe,
        JobState.RUNNING,
        attempt + 1,
        Optional.empty(),
        pullRequest,
        created,
        time,
        actor);
  }

  /** This job with the pull request that holds its results, still in its state. */
  public Job withPullRequest(int number, Instant time, String actor) {
    return new Job(
        id,
        requestedBy,
        model,
        modelRevision,
        benchmark,
        benchmarkRevision,
        task,
        recipe,
        state,
        attempt,
        reason,
        Optional.of(number),
        created,
        time,
        actor);
  }

  private static void requireWord(String value, String field) {
    if (!isWord(value)) {
      throw new IllegalArgumentException(
          field + " must be 1 to 128 of [A-Za-z0-9_.:-], got \"" + value + "\"");
    }
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    return line.length() > 1_000 ? line.substring(0, 997) + "..." : line;
  }
}
