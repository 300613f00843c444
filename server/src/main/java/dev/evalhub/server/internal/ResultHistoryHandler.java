package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultStep;
import dev.evalhub.server.Json;
import dev.evalhub.service.HistoryService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/{models|datasets}/{ns}/{name}/results/history[?task_id=T]}: the audit trail of
 * every result of a repository, {@code {"repo", "results": [{file, dataset, task_id, notes, steps:
 * [{type, time, actor, old, new, commit, ref, pullRequest}]}]}}. Thread-safe.
 */
public final class ResultHistoryHandler implements Handler {

  public static final String PATH = "/api/{type}/{ns}/{name}/results/history";

  private final HistoryService history;
  private final Authenticator authenticator;

  public ResultHistoryHandler(HistoryService history, Authenticator authenticator) {
    this.history = history;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RepoId repo = ApiRequests.repo(ctx);
    List<ResultHistoryEntry> entries =
        history.of(
            repo,
            authenticator.caller(ctx.header("Authorization")),
            Optional.ofNullable(ctx.queryParam("task_id")));
    List<Map<String, Object>> results = new ArrayList<>();
    for (ResultHistoryEntry entry : entries) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("file", entry.key().file());
      result.put("dataset", entry.key().datasetId());
      result.put("task_id", entry.key().taskId());
      result.put("notes", entry.key().notes());
      result.put("steps", entry.steps().stream().map(ResultHistoryHandler::step).toList());
      results.add(result);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("repo", repo.fullName());
    json.put("results", results);
    JsonResponses.write(ctx, json);
  }

  private static Map<String, Object> step(ResultStep step) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", step.kind().id());
    json.put("time", DiscussionJson.time(step.time()));
    json.put("actor", step.actor());
    json.put("old", Json.orNull(step.oldValue()));
    json.put("new", Json.orNull(step.newValue()));
    json.put("commit", Json.orNull(step.commit()));
    json.put("ref", step.ref());
    json.put("pullRequest", Json.orNull(step.pullRequest().map(n -> n.value())));
    return json;
  }
}
