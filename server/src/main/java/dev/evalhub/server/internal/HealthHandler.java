package dev.evalhub.server.internal;

import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.service.OperationsService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: always 200 while the hub serves. {@code {"status":"ok"}} when the index
 * could read every ref the caller may see; otherwise {@code
 * {"status":"degraded","failureCount":N,"failures":[...]}} listing ({@code repo, ref, commit,
 * error, since}) the failures of the repositories the caller (anonymous or signed in) may read. A
 * failure of a private repository shows only to its members, in the list and in the count alike, so
 * the answer never tells that a private repository exists; operators see every failure with {@code
 * evalhub doctor} and in the log. Thread-safe.
 */
public final class HealthHandler implements Handler {

  private final OperationsService operations;
  private final Authenticator authenticator;

  public HealthHandler(OperationsService operations, Authenticator authenticator) {
    this.operations = operations;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) {
    List<IndexFailure> failures =
        operations.health(authenticator.caller(ctx.header("Authorization")));
    Map<String, Object> body = new LinkedHashMap<>();
    if (failures.isEmpty()) {
      body.put("status", "ok");
    } else {
      body.put("status", "degraded");
      body.put("failureCount", failures.size());
      body.put("failures", failures.stream().map(HealthHandler::json).toList());
    }
    JsonResponses.write(ctx, body);
  }

  private static Map<String, Object> json(IndexFailure failure) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("repo", failure.repo());
    json.put("ref", failure.ref());
    json.put("commit", failure.commit().orElse(null));
    json.put("error", failure.error());
    json.put("since", failure.since().map(Object::toString).orElse(null));
    return json;
  }
}
