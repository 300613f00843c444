package dev.evalhub.server.internal;

import dev.evalhub.index.Index;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * {@code GET /api/datasets/{ns}/{name}/leaderboard[?task_id=...][&base_model=true|false]}: the Hub's list of rows
 * ({@code rank, modelId, value, filename, verified, source?, author, pullRequest?, notes?} plus evalhub's group,
 * badges, methodology and stderr). Thread-safe.
 */
public final class LeaderboardHandler implements Handler {

  private final Index index;
  private final Callers callers;

  public LeaderboardHandler(Index index, Callers callers) {
    this.index = index;
    this.callers = callers;
  }

  @Override
  public void handle(Context ctx) {
    String dataset = ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    Optional<String> task = Optional.ofNullable(ctx.queryParam("task_id")).filter(t -> !t.isBlank());
    boolean baseModelsOnly = !"false".equalsIgnoreCase(ctx.queryParam("base_model"));
    JsonResponses.write(ctx, index.leaderboard(dataset, task, baseModelsOnly, callers.of(ctx)).entries());
  }
}
