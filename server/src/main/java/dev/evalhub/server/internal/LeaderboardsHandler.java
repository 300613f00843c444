package dev.evalhub.server.internal;

import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /api/datasets/{ns}/{name}/leaderboards[?base_model=true|false]}: evalhub's own, every
 * leaderboard of a benchmark, one per task, each with its direction. Thread-safe.
 */
public final class LeaderboardsHandler implements Handler {

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;

  public LeaderboardsHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    boolean baseModelsOnly = !"false".equalsIgnoreCase(ctx.queryParam("base_model"));
    JsonResponses.write(
        ctx,
        leaderboards
            .leaderboards(
                ApiRequests.dataset(ctx),
                baseModelsOnly,
                "true".equalsIgnoreCase(ctx.queryParam("hide_flagged")),
                authenticator.caller(ctx.header("Authorization")))
            .stream()
            .map(LeaderboardJson::leaderboard)
            .toList());
  }
}
