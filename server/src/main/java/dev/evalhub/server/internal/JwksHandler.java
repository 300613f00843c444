package dev.evalhub.server.internal;

import dev.evalhub.service.KeyService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /api/keys/jwks.json} and {@code /.well-known/jwks.json}: the hub's active (not
 * revoked) public signing keys. Thread-safe.
 */
public final class JwksHandler implements Handler {

  private final KeyService keys;

  /**
   * Serves {@link KeyService#jwks} on each request: the hub's active public keys as they are now.
   */
  public JwksHandler(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("application/json; charset=utf-8").result(keys.jwks().toJson());
  }
}
