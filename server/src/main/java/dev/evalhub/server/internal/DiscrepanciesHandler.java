package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.ModelDiscrepancy;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/datasets/{ns}/{name}/discrepancies[?task_id=ID]}: {@code {"datasetId",
 * "discrepancies": [...]}} — every discrepancy of the benchmark (of one task with {@code task_id}),
 * by task, then group and rank as the leaderboards (see {@link DiscrepancyJson}). Private models
 * are never included. 400 for a blank {@code task_id}; 404 when the caller may not read the
 * benchmark, it is no registered benchmark, or it has no such task. Thread-safe.
 */
public final class DiscrepanciesHandler implements Handler {

  public static final String PATH = "/api/datasets/{ns}/{name}/discrepancies";

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;

  public DiscrepanciesHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    String taskParam = ctx.queryParam("task_id");
    if (taskParam != null && taskParam.isBlank()) {
      throw HubException.invalid("task_id must name a task of the benchmark, got an empty value");
    }
    RepoId dataset = ApiRequests.dataset(ctx);
    List<ModelDiscrepancy> found =
        leaderboards.discrepancies(
            dataset,
            Optional.ofNullable(taskParam).map(String::strip),
            authenticator.caller(ctx.header("Authorization")));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("datasetId", dataset.fullName());
    json.put("discrepancies", found.stream().map(DiscrepancyJson::of).toList());
    JsonResponses.write(ctx, json);
  }
}
