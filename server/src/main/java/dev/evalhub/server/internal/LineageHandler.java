package dev.evalhub.server.internal;

import dev.evalhub.service.LineageService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /api/models/{ns}/{name}/lineage}: the model's {@code base_model} lineage as the caller
 * may see it, {@code {model, parents, children, truncated}} (see {@link LineageJson}). Not found
 * when the caller may not read the model. Thread-safe.
 */
public final class LineageHandler implements Handler {

  public static final String PATH = "/api/models/{ns}/{name}/lineage";

  private final LineageService lineage;
  private final Authenticator authenticator;

  public LineageHandler(LineageService lineage, Authenticator authenticator) {
    this.lineage = lineage;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    JsonResponses.write(
        ctx,
        LineageJson.lineage(
            lineage.lineage(
                ApiRequests.model(ctx), authenticator.caller(ctx.header("Authorization")))));
  }
}
