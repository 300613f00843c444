package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.service.LeaderboardService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET
 * /api/datasets/{ns}/{name}/compare?task_id=ID&a=NS/NAME&b=NS/NAME[&group=KEY][&items=none|all|a_better|b_better|same]}:
 * two models' rows of one methodology group of a task's leaderboard compared by the strongest test
 * their data allows (see {@link ComparisonJson}); {@code group} is a group's {@code key} (default:
 * the first group in display order holding both), {@code items} which common items to list (default
 * none; their counts are always there). 400 for a missing or blank {@code task_id}, {@code a} or
 * {@code b}, a model that is no {@code NS/NAME}, the same model twice or an unknown {@code items};
 * 404 when the caller may not read the benchmark, it has no such task, or the two models have no
 * rows in one group (a private model reads as one without results). Thread-safe.
 */
public final class CompareHandler implements Handler {

  public static final String PATH = "/api/datasets/{ns}/{name}/compare";

  private final LeaderboardService leaderboards;
  private final Authenticator authenticator;

  public CompareHandler(LeaderboardService leaderboards, Authenticator authenticator) {
    this.leaderboards = leaderboards;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    for (String name : List.of("task_id", "a", "b", "group", "items")) {
      if (ctx.queryParams(name).size() > 1) {
        throw HubException.invalid(name + " is given more than once");
      }
    }
    String task = required(ctx, "task_id");
    RepoId a = model("a", required(ctx, "a"));
    RepoId b = model("b", required(ctx, "b"));
    Optional<String> group = Optional.ofNullable(ctx.queryParam("group")).filter(g -> !g.isBlank());
    ComparisonJson.Items items;
    try {
      items =
          ComparisonJson.Items.of(
              Optional.ofNullable(ctx.queryParam("items"))
                  .filter(i -> !i.isBlank())
                  .orElse("none")
                  .strip()
                  .toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw HubException.invalid(e.getMessage());
    }
    Comparison comparison =
        leaderboards.compare(
            ApiRequests.dataset(ctx),
            task,
            a,
            b,
            group,
            authenticator.caller(ctx.header("Authorization")));
    JsonResponses.write(ctx, ComparisonJson.comparison(comparison, items));
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw HubException.invalid(
          name
              + " is required: compare?task_id=TASK&a=NS/NAME&b=NS/NAME names a task and two"
              + " models");
    }
    return value.strip();
  }

  /** A model id {@code NS/NAME}; anything else (a dataset path included) is a 400. */
  static RepoId model(String name, String value) {
    return RepoId.parsePath(value)
        .filter(id -> id.type() == RepoType.MODEL)
        .orElseThrow(
            () ->
                HubException.invalid(name + " must be a model id NS/NAME, got \"" + value + "\""));
  }
}
