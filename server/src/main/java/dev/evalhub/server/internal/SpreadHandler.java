package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/models/{ns}/{name}/results/spread[?dataset=NS/NAME[&task_id=ID]]}: the model's
 * methodology spreads, {@code {"model", "spreads": [...]}} (see {@link SpreadJson}): with {@code
 * task_id}, that task's; otherwise every task (of {@code dataset}, when given) the model has
 * results on in more than one methodology group. Not found when the caller may not read the model;
 * 400 for a task without its dataset or a dataset that is no {@code NS/NAME}. Thread-safe.
 */
public final class SpreadHandler implements Handler {

  public static final String PATH = "/api/models/{ns}/{name}/results/spread";

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;

  public SpreadHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    RepoId model = ApiRequests.model(ctx);
    Optional<RepoId> dataset =
        Optional.ofNullable(ctx.queryParam("dataset"))
            .filter(d -> !d.isBlank())
            .map(
                d ->
                    RepoId.parsePath(RepoType.DATASET.urlPrefix() + d.strip())
                        .orElseThrow(
                            () ->
                                HubException.invalid(
                                    "dataset must be a dataset id NS/NAME, got \"" + d + "\"")));
    Optional<String> task =
        Optional.ofNullable(ctx.queryParam("task_id")).filter(t -> !t.isBlank());
    List<MethodologySpread> spreads =
        leaderboards.spreads(
            model, dataset, task, authenticator.caller(ctx.header("Authorization")));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model.fullName());
    json.put("spreads", spreads.stream().map(SpreadJson::spread).toList());
    JsonResponses.write(ctx, json);
  }
}
