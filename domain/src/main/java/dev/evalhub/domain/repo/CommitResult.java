package dev.evalhub.domain.repo;

import java.util.List;
import java.util.Optional;

/**
 * What became of a server-side commit: its status, the new commit's id when it was made, and the
 * diagnostics of its files (warnings accompany a made commit; errors refuse it). Immutable.
 */
public record CommitResult(Status status, Optional<String> commitId, List<FileProblem> problems) {

  /** The outcome, in the manner of JGit's {@code RefUpdate.Result}. */
  public enum Status {
    /** The branch now points at the new commit. */
    COMMITTED,
    /** The branch is not at the expected parent (another writer was first); nothing changed. */
    PARENT_MISMATCH,
    /** A changed file has errors; nothing changed. */
    INVALID_FILES,
    /** The branch may not be written this way (a pull-request ref, for now); nothing changed. */
    REFUSED
  }

  public CommitResult {
    problems = List.copyOf(problems);
  }

  public boolean isCommitted() {
    return status == Status.COMMITTED;
  }
}
