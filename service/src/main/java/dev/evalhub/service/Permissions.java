package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Accounts;
import dev.evalhub.storage.Repositories;
import java.util.Optional;

/**
 * Who may read and write which repository, decided in one place for every channel: public
 * repositories are readable by anyone; private ones only by their writers; the writers of a
 * repository are its user, or the members of its organisation; changing anything needs a writer
 * acting with a {@code write} token. A repository the caller may not read is {@link
 * HubException#repoNotFound}, exactly like one that does not exist, so that no answer reveals a
 * private repository. Thread-safe.
 */
public final class Permissions {

  private final Accounts accounts;
  private final Repositories repositories;

  public Permissions(Accounts accounts, Repositories repositories) {
    this.accounts = accounts;
    this.repositories = repositories;
  }

  /**
   * The repository {@code id} if {@code caller} may read it; else REPO_NOT_FOUND whether it exists
   * or not.
   */
  public RepoInfo readable(RepoId id, Optional<Caller> caller) {
    return repositories
        .find(id)
        .filter(repo -> canRead(caller, repo))
        .orElseThrow(() -> HubException.repoNotFound(id));
  }

  /**
   * The repository {@code id} if {@code caller} may write to it (and so read it); REPO_NOT_FOUND
   * when it may not read it, FORBIDDEN when it may read but not write.
   */
  public RepoInfo writable(RepoId id, Caller caller) {
    RepoInfo repo = readable(id, Optional.of(caller));
    if (!canWrite(Optional.of(caller), repo.id())) {
      throw HubException.forbidden(
          "you cannot write to "
              + repo.id()
              + (caller.canWrite() ? "" : ": your token is read-only"));
    }
    return repo;
  }

  public boolean canRead(Optional<Caller> caller, RepoInfo repo) {
    return !repo.isPrivate() || isWriter(caller, repo.id());
  }

  /** Whether {@code caller} is a writer of {@code repo}, whatever its token's role. */
  public boolean isWriter(Optional<Caller> caller, RepoId repo) {
    return caller.map(c -> accounts.isMember(c.user(), repo.namespace())).orElse(false);
  }

  /** Whether {@code caller} is a writer of {@code repo} acting with a write token. */
  public boolean canWrite(Optional<Caller> caller, RepoId repo) {
    return caller.map(Caller::canWrite).orElse(false) && isWriter(caller, repo);
  }

  /**
   * Whether {@code caller} may resolve a flag raised on {@code model} (issue 14): its writers,
   * acting with a write token; the flagger only if also a writer.
   */
  public boolean canResolveFlag(Optional<Caller> caller, RepoId model) {
    return canWrite(caller, model);
  }

  /**
   * Whether {@code caller} may comment on a flag raised by {@code flagger} on {@code model}: the
   * model's writers and the flagger, acting with a write token.
   */
  public boolean canCommentOnFlag(Optional<Caller> caller, RepoId model, String flagger) {
    return canWrite(caller, model)
        || caller.filter(Caller::canWrite).map(c -> c.user().equals(flagger)).orElse(false);
  }
}
