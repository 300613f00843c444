package dev.evalhub.storage;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import java.util.Optional;

/**
 * Who may read and write which repository: public repositories are readable by anyone; private ones
 * only by their writers; the writers of a repository are its user, or the members of its
 * organisation, acting with a write token. The one place these rules live (git, API and later pages
 * ask here). Thread-safe.
 */
public final class Access {

  private final Accounts accounts;

  Access(Accounts accounts) {
    this.accounts = accounts;
  }

  public boolean canRead(Optional<Caller> caller, RepoInfo repo) {
    return !repo.isPrivate()
        || caller.map(c -> accounts.isWriter(c.user(), repo.id().namespace())).orElse(false);
  }

  /** Whether {@code caller} is a writer of {@code repo}, whatever its token's role. */
  public boolean isWriter(Optional<Caller> caller, RepoId repo) {
    return caller.map(c -> accounts.isWriter(c.user(), repo.namespace())).orElse(false);
  }

  public boolean canWrite(Optional<Caller> caller, RepoId repo) {
    return caller.map(Caller::canWrite).orElse(false) && isWriter(caller, repo);
  }
}
