package dev.evalhub.domain.repo;

import dev.evalhub.domain.PrNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a commit of the commit API goes, checked before its body is read: the repository, the full
 * ref the URL names, and which of the three kinds of commit it is (to a branch, to pull request
 * {@code refs/pr/N}, or opening a pull request with {@code create_pr}). Immutable.
 */
public record CommitTarget(
    RepoInfo repo, String ref, boolean createPr, Optional<PrNumber> pullRequest) {

  public CommitTarget {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(pullRequest, "pullRequest");
  }

  /** A commit to a branch (neither opening a pull request nor adding to one). */
  public boolean isBranch() {
    return !createPr && pullRequest.isEmpty();
  }
}
