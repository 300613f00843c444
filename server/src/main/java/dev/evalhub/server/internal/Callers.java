package dev.evalhub.server.internal;

import dev.evalhub.storage.Caller;
import dev.evalhub.storage.HubException;
import io.javalin.http.Context;
import java.util.Optional;

/** The caller of an API read: anonymous, or the owner of a valid token; a token that matches nothing is refused. */
public final class Callers {

  private final Authenticator authenticator;

  public Callers(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  public Optional<Caller> of(Context ctx) {
    Authenticator.Credentials credentials = authenticator.authenticate(ctx.header("Authorization"));
    if (credentials.invalid()) {
      throw new HubException(HubException.Kind.UNAUTHENTICATED, "invalid credentials in the Authorization header");
    }
    return credentials.caller();
  }
}
