package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.repo.RepoInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link GitAccessService#authorize} decided for one git request: {@link Outcome#ALLOWED} with
 * the repository and the caller (empty: anonymous), or why not with a message for git to show.
 * Immutable.
 */
public record GitAccess(
    Outcome outcome, Optional<RepoInfo> repo, Optional<Caller> caller, String message) {

  /** The four answers; the front end turns them into 200, 401 with a challenge, 404 and 403. */
  public enum Outcome {
    ALLOWED,
    /** Sign in (or again): anonymous on a repository it cannot see, or pushing anonymously. */
    UNAUTHENTICATED,
    /**
     * A signed-in caller on a repository it may not read, or one that does not exist: the same
     * answer.
     */
    NOT_FOUND,
    /** It may read but not do this (a read token pushing). */
    FORBIDDEN
  }

  public GitAccess {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(message, "message");
    if ((outcome == Outcome.ALLOWED) != repo.isPresent()) {
      throw new IllegalArgumentException("an allowed access, and only one, names its repository");
    }
  }

  static GitAccess allowed(RepoInfo repo, Optional<Caller> caller) {
    return new GitAccess(Outcome.ALLOWED, Optional.of(repo), caller, "");
  }

  static GitAccess refused(Outcome outcome, Optional<Caller> caller, String message) {
    return new GitAccess(outcome, Optional.empty(), caller, message);
  }

  public boolean isAllowed() {
    return outcome == Outcome.ALLOWED;
  }
}
