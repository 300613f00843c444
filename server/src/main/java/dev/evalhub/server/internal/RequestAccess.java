package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.service.Permissions;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who an API request comes from. A token that matches nothing is refused (401) rather than treated as anonymous, so
 * that a typo is not mistaken for a missing repository. Thread-safe.
 *
 * <p>Its permission methods ({@link #readable}, {@link #writable}, {@link #canRead}) are the interim for the
 * handlers that do not call their service yet; they go once those do (the services check permissions, front ends
 * never).
 */
public final class RequestAccess {

  private final Authenticator authenticator;
  private final Permissions permissions;

  public RequestAccess(Authenticator authenticator, Permissions permissions) {
    this.authenticator = authenticator;
    this.permissions = permissions;
  }

  /** The caller, or empty for an anonymous request. */
  public Optional<Caller> caller(Context ctx) {
    return authenticator.caller(ctx.header("Authorization"));
  }

  public Caller requireCaller(Context ctx) {
    return caller(ctx).orElseThrow(() -> new HubException(HubException.Kind.UNAUTHENTICATED,
        "this needs a token: send Authorization: Bearer hf_..."));
  }

  /** Interim, see the class comment: {@link Permissions#readable}. */
  public RepoInfo readable(RepoId id, Optional<Caller> caller) {
    return permissions.readable(id, caller);
  }

  /** Interim, see the class comment: {@link Permissions#writable}. */
  public RepoInfo writable(RepoId id, Caller caller) {
    return permissions.writable(id, caller);
  }

  /** Interim, see the class comment: {@link Permissions#canRead}. */
  public boolean canRead(Optional<Caller> caller, RepoInfo repo) {
    return permissions.canRead(caller, repo);
  }
}
