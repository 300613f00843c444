package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who an API request comes from. A token that matches nothing is refused (401) rather than treated
 * as anonymous, so that a typo is not mistaken for a missing repository. What the caller may reach
 * is the services' business. Thread-safe.
 */
public final class RequestAccess {

  private final Authenticator authenticator;

  public RequestAccess(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The caller, or empty for an anonymous request. */
  public Optional<Caller> caller(Context ctx) {
    return authenticator.caller(ctx.header("Authorization"));
  }

  public Caller requireCaller(Context ctx) {
    return caller(ctx)
        .orElseThrow(
            () ->
                new HubException(
                    HubException.Kind.UNAUTHENTICATED,
                    "this needs a token: send Authorization: Bearer hf_..."));
  }
}
