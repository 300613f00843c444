package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.service.LeaderboardService;
import dev.evalhub.service.LineageService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code GET /api/datasets/{ns}/{name}/leaderboards[?base_model=true|false][&fold=base_model]}:
 * evalhub's own, every leaderboard of a benchmark, one per task, each with its direction. With
 * {@code fold=base_model} derived models are listed (whatever {@code base_model} says) and each
 * task's {@code entries} come folded by lineage (see {@link LineageJson#foldedEntries}).
 * Thread-safe.
 */
public final class LeaderboardsHandler implements Handler {

  /** The one value of {@code fold}. */
  public static final String FOLD_BASE_MODEL = "base_model";

  private final LeaderboardService leaderboards;
  private final LineageService lineage;
  private final Authenticator authenticator;

  public LeaderboardsHandler(
      LeaderboardService leaderboards, LineageService lineage, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.lineage = lineage;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    boolean fold = fold(ctx.queryParam("fold"));
    boolean baseModelsOnly = !fold && !"false".equalsIgnoreCase(ctx.queryParam("base_model"));
    JsonResponses.write(
        ctx,
        leaderboards
            .leaderboards(
                ApiRequests.dataset(ctx),
                baseModelsOnly,
                "true".equalsIgnoreCase(ctx.queryParam("hide_flagged")),
                authenticator.caller(ctx.header("Authorization")))
            .stream()
            .map(board -> fold ? folded(board) : LeaderboardJson.leaderboard(board))
            .toList());
  }

  private Map<String, Object> folded(Leaderboard board) {
    Map<String, Object> json = LeaderboardJson.leaderboard(board);
    json.put("entries", LineageJson.foldedEntries(lineage.fold(board)));
    return json;
  }

  /** Whether {@code fold} asks for folding; 400 for a value other than {@code base_model}. */
  static boolean fold(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    if (!value.strip().equals(FOLD_BASE_MODEL)) {
      throw HubException.invalid("fold must be base_model, got \"" + value + "\"");
    }
    return true;
  }
}
