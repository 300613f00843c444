package dev.evalhub.domain.repo;

import dev.evalhub.domain.PrNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a commit of the commit API, and the pull request it opened or extended when it was
 * made. Immutable.
 */
public record CommitOutcome(CommitResult commit, Optional<PrNumber> pullRequest) {

  public CommitOutcome {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(pullRequest, "pullRequest");
  }
}
