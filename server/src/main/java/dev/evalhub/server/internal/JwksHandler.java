package dev.evalhub.server.internal;

import dev.evalhub.index.HubKeys;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /api/keys/jwks.json} and {@code /.well-known/jwks.json}: the hub's public signing keys. Thread-safe. */
public final class JwksHandler implements Handler {

  private final HubKeys keys;

  public JwksHandler(HubKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("application/json; charset=utf-8").result(keys.publicKeys().toJson());
  }
}
