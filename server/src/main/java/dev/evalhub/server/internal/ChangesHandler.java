package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/datasets/{ns}/{name}/changes}: the benchmark's public changes record, derived
 * from the git history of its {@code eval.yaml} on {@code main}, newest first: each change {@code
 * {commit, account, time, task_id, field, old?, new?, reason, affected}} ({@code time}: ISO-8601
 * UTC; {@code old}/{@code new} absent when the value was absent; see {@link BenchmarkChange}). Not
 * found when the caller may not read the dataset or when it is no registered benchmark (the same
 * answers as its leaderboard). Thread-safe.
 */
public final class ChangesHandler implements Handler {

  public static final String PATH = "/api/datasets/{ns}/{name}/changes";

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;

  public ChangesHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    List<BenchmarkChange> changes =
        leaderboards.changes(
            ApiRequests.dataset(ctx), authenticator.caller(ctx.header("Authorization")));
    JsonResponses.write(ctx, changes.stream().map(ChangesHandler::json).toList());
  }

  /** One change as JSON. */
  static Map<String, Object> json(BenchmarkChange change) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("commit", change.commitId());
    json.put("account", change.account());
    json.put("time", change.time().toString());
    json.put("task_id", change.taskId());
    json.put("field", change.field());
    change.oldValue().ifPresent(v -> json.put("old", v));
    change.newValue().ifPresent(v -> json.put("new", v));
    json.put("reason", change.reason());
    json.put("affected", change.affected());
    return json;
  }
}
