package dev.evalhub.domain.feed;

import dev.evalhub.domain.RepoId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One user-facing event of the hub, derived deterministically from one ref-change event and the git
 * objects it names (deriving it again gives the same value): its place ({@code sequence} of the ref
 * event, {@code index} among the events derived from it), its {@link Kind}, the repository, the
 * account and time of the ref event, and what the kind needs: the ref and commits, the results (at
 * most {@link #MAX_RESULTS}, {@code resultCount} the whole number), the discussion, the task.
 * Immutable.
 *
 * @param ref the ref whose move this event comes from ({@code refs/heads/main}, {@code
 *     refs/meta/pr/N})
 * @param oldId the ref's commit before (40 zeros when created)
 * @param newId the ref's commit after (40 zeros when deleted)
 * @param results the results the event is about, at most {@link #MAX_RESULTS}
 * @param resultCount how many results the event is about in all ({@code > results.size()} when
 *     capped)
 */
public record HubEvent(
    long sequence,
    int index,
    Kind kind,
    RepoId repo,
    String actor,
    Instant time,
    String ref,
    String oldId,
    String newId,
    List<Result> results,
    int resultCount,
    Optional<Discussion> discussion,
    Optional<TaskChange> task) {

  /** The most results one event lists; the rest are counted in {@code resultCount} only. */
  public static final int MAX_RESULTS = 100;

  /** What happened. */
  public enum Kind {
    /** A repository was created. */
    REPO_CREATED,
    /** A repository was deleted. */
    REPO_DELETED,
    /** A branch or tag moved (files changed). */
    CONTENT_UPDATED,
    /** Results appeared on {@code main}. */
    RESULT_ADDED,
    /** Results on {@code main} changed their value. */
    RESULT_CHANGED,
    /** Results disappeared from {@code main}. */
    RESULT_REMOVED,
    /** A pull request was opened. */
    PR_OPENED,
    /** A pull request was merged. */
    PR_MERGED,
    /** A pull request was closed without merging. */
    PR_CLOSED,
    /** A closed pull request or discussion was reopened. */
    DISCUSSION_REOPENED,
    /** A discussion (not a pull request) was opened. */
    DISCUSSION_OPENED,
    /** A discussion (not a pull request) was closed. */
    DISCUSSION_CLOSED,
    /** A comment was added to a discussion or pull request. */
    COMMENT_ADDED,
    /** A flag was raised on a result. */
    FLAG_RAISED,
    /** A flag was resolved. */
    FLAG_RESOLVED,
    /** A benchmark task declared more of its versions invalid. */
    TASK_INVALIDATED;

    /** The lower-case dotted name ({@code result.added}, {@code pr.opened}, ...). */
    public String id() {
      String lower = name().toLowerCase(java.util.Locale.ROOT);
      int split = lower.lastIndexOf('_');
      return lower.substring(0, split).replace('_', '-') + "." + lower.substring(split + 1);
    }
  }

  /**
   * One result of an event: the results file, the benchmark dataset and task, the notes (empty when
   * none) and its value before and after (empty: absent). Immutable.
   */
  public record Result(
      String file,
      String datasetId,
      String taskId,
      String notes,
      Optional<Double> oldValue,
      Optional<Double> newValue) {
    public Result {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(datasetId, "datasetId");
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(notes, "notes");
      Objects.requireNonNull(oldValue, "oldValue");
      Objects.requireNonNull(newValue, "newValue");
    }
  }

  /**
   * The discussion or pull request an event is about, as its record says after the event: number,
   * title, status word ({@code open}, {@code closed}, {@code merged}), whether it is a pull
   * request, its author, the kind of record ({@code discussion}, {@code pull_request}, or another
   * record kind such as {@code flag}), and the comment's text for {@link Kind#COMMENT_ADDED} (else
   * empty) with the comment's 0-based position among the record's events. Immutable.
   */
  public record Discussion(
      int number,
      String title,
      String status,
      boolean isPullRequest,
      String author,
      String recordKind,
      String comment,
      int eventIndex) {
    public Discussion {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(recordKind, "recordKind");
      Objects.requireNonNull(comment, "comment");
    }
  }

  /**
   * A task of a benchmark that declared versions invalid: its id, the versions newly declared
   * invalid, every invalid version now, and the task's {@code status_reason} (empty when none).
   * Immutable.
   */
  public record TaskChange(
      String taskId,
      List<String> addedInvalidVersions,
      List<String> invalidVersions,
      String reason) {
    public TaskChange {
      Objects.requireNonNull(taskId, "taskId");
      addedInvalidVersions = List.copyOf(addedInvalidVersions);
      invalidVersions = List.copyOf(invalidVersions);
      Objects.requireNonNull(reason, "reason");
    }
  }

  public HubEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(oldId, "oldId");
    Objects.requireNonNull(newId, "newId");
    results = List.copyOf(results);
    Objects.requireNonNull(discussion, "discussion");
    Objects.requireNonNull(task, "task");
    if (results.size() > MAX_RESULTS || resultCount < results.size()) {
      throw new IllegalArgumentException(
          "at most " + MAX_RESULTS + " results, and resultCount at least their number");
    }
  }

  /** Whether the event lists fewer results than it is about. */
  public boolean truncated() {
    return resultCount > results.size();
  }

  /**
   * A stable identifier of the event derived from git alone (the repository, the ref, its old and
   * new commits and the index), the same on every hub holding the same history: what a feed entry's
   * id is built from.
   */
  public String stableId() {
    return repo.urlPath() + ":" + ref + ":" + oldId + ".." + newId + ":" + index;
  }

  /** Whether any result of the event names the benchmark dataset {@code datasetId} (any case). */
  public boolean namesDataset(String datasetId) {
    return results.stream().anyMatch(r -> r.datasetId().equalsIgnoreCase(datasetId));
  }
}
