package dev.evalhub.domain.pr;

import dev.evalhub.domain.repo.FileProblem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a merge: merged (with the record after it and the new commit on main), refused
 * because the pull request no longer applies to main (the conflicting files), or refused because
 * the merged files are invalid (their diagnostics). Nothing changed unless {@link Status#MERGED}.
 * Immutable.
 */
public record MergeResult(
    Status status,
    Optional<PullRequest> merged,
    List<String> conflictingFiles,
    List<FileProblem> problems) {

  /** The outcome of a merge attempt. */
  public enum Status {
    MERGED,
    CONFLICT,
    INVALID_FILES
  }

  public MergeResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(merged, "merged");
    conflictingFiles = List.copyOf(conflictingFiles);
    problems = List.copyOf(problems);
  }

  public static MergeResult merged(PullRequest pr) {
    return new MergeResult(Status.MERGED, Optional.of(pr), List.of(), List.of());
  }

  public static MergeResult conflict(List<String> files) {
    return new MergeResult(Status.CONFLICT, Optional.empty(), files, List.of());
  }

  public static MergeResult invalid(List<FileProblem> problems) {
    return new MergeResult(Status.INVALID_FILES, Optional.empty(), List.of(), problems);
  }
}
