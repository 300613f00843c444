package dev.evalhub.server.internal;

import dev.evalhub.index.Index;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /api/datasets/{ns}/{name}/leaderboards[?base_model=true|false]}: evalhub's own, every leaderboard of a
 * benchmark, one per task, each with its direction. Thread-safe.
 */
public final class LeaderboardsHandler implements Handler {

  private final Index index;
  private final Authenticator authenticator;

  public LeaderboardsHandler(Index index, Authenticator authenticator) {
    this.index = index;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    String dataset = ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    boolean baseModelsOnly = !"false".equalsIgnoreCase(ctx.queryParam("base_model"));
    JsonResponses.write(ctx, index.leaderboards(dataset, baseModelsOnly, authenticator.caller(ctx.header("Authorization"))));
  }
}
