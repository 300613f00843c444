package dev.evalhub.server.internal;

import dev.evalhub.storage.Access;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Repositories;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who an API request comes from and which repositories it may reach. A token that matches nothing is refused (401)
 * rather than treated as anonymous, so that a typo is not mistaken for a missing repository; a repository the caller
 * may not read is "not found", exactly like one that does not exist. Thread-safe.
 */
public final class RequestAccess {

  private final Authenticator authenticator;
  private final Repositories repositories;
  private final Access access;

  public RequestAccess(Authenticator authenticator, Repositories repositories, Access access) {
    this.authenticator = authenticator;
    this.repositories = repositories;
    this.access = access;
  }

  /** The caller, or empty for an anonymous request. */
  public Optional<Caller> caller(Context ctx) {
    return authenticator.caller(ctx.header("Authorization"));
  }

  public Caller requireCaller(Context ctx) {
    return caller(ctx).orElseThrow(() -> new HubException(HubException.Kind.UNAUTHENTICATED,
        "this needs a token: send Authorization: Bearer hf_..."));
  }

  /** The repository {@code id} if {@code caller} may read it; else REPO_NOT_FOUND whether it exists or not. */
  public RepoInfo readable(RepoId id, Optional<Caller> caller) {
    return repositories.find(id).filter(repo -> access.canRead(caller, repo))
        .orElseThrow(() -> HubException.repoNotFound(id));
  }

  /** The repository {@code id} if {@code caller} may write to it (and so read it). */
  public RepoInfo writable(RepoId id, Caller caller) {
    RepoInfo repo = readable(id, Optional.of(caller));
    if (!access.canWrite(Optional.of(caller), repo.id())) {
      throw HubException.forbidden("you cannot write to " + repo.id()
          + (caller.canWrite() ? "" : ": your token is read-only"));
    }
    return repo;
  }

  public boolean canRead(Optional<Caller> caller, RepoInfo repo) {
    return access.canRead(caller, repo);
  }
}
