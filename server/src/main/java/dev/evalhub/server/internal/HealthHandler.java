package dev.evalhub.server.internal;

import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.index.InstanceStatus;
import dev.evalhub.service.OperationsService;
import dev.evalhub.service.Readiness;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's health, three ways. {@code GET /health/live}: 200 while the process serves, nothing
 * else checked. {@code GET /health/ready} ({@link #ready}): 200 when the instance may take traffic
 * ({@link OperationsService#readiness}: the index answers within {@link #PROBE_TIMEOUT}, the data
 * folder is readable, the index is at most {@code readyMaxLag} events behind the event log) and the
 * server is not draining; else 503 with {@code reasons}; both with {@code instance} when the index
 * answered. {@code GET /health} ({@link #handle}): always 200 while the hub serves: {@code
 * {"status":"ok"}} when the index could read every ref the caller may see, otherwise {@code
 * {"status":"degraded","failureCount":N,"failures":[...]}} listing ({@code repo, ref, commit,
 * error, since}) the failures of the repositories the caller (anonymous or signed in) may read;
 * then {@code live}, {@code ready} (with {@code reasons} when false) and {@code instance} ({@code
 * id, leader, leaderSince, ingestionLag}; not the positions of the event log and the index, which
 * grow with private repositories' events too: {@code /metrics} has them). A failure of a private
 * repository shows only to its members, in the list and in the count alike, so the answer never
 * tells that a private repository exists; operators see every failure with {@code evalhub doctor}
 * and in the log. Thread-safe.
 */
public final class HealthHandler implements Handler {

  /** How long the readiness probe waits for the index. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final OperationsService operations;
  private final Authenticator authenticator;
  private final Draining draining;
  private final long readyMaxLag;

  public HealthHandler(
      OperationsService operations,
      Authenticator authenticator,
      Draining draining,
      long readyMaxLag) {
    this.operations = operations;
    this.authenticator = authenticator;
    this.draining = draining;
    this.readyMaxLag = readyMaxLag;
  }

  /** Whether the instance is ready now (what {@code /health/ready} answers 200 for). */
  public boolean isReady() {
    return readiness().ready();
  }

  private Readiness readiness() {
    Readiness readiness = operations.readiness(readyMaxLag, PROBE_TIMEOUT);
    if (!draining.started()) {
      return readiness;
    }
    List<String> reasons = new ArrayList<>(readiness.reasons());
    reasons.add(0, "the server is shutting down");
    return new Readiness(reasons, readiness.instance());
  }

  @Override
  public void handle(Context ctx) {
    Readiness readiness = readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    if (readiness.instance().isEmpty()) {
      // The index does not answer: its failures cannot be read either.
      body.put("status", "degraded");
    } else {
      List<IndexFailure> failures =
          operations.health(authenticator.caller(ctx.header("Authorization")));
      if (failures.isEmpty()) {
        body.put("status", "ok");
      } else {
        body.put("status", "degraded");
        body.put("failureCount", failures.size());
        body.put("failures", failures.stream().map(HealthHandler::json).toList());
      }
    }
    body.put("live", true);
    putReadiness(body, readiness);
    JsonResponses.write(ctx, body);
  }

  /** {@code GET /health/live}: 200 {@code {"live":true}} while the process serves. */
  public void live(Context ctx) {
    JsonResponses.write(ctx, Map.of("live", true));
  }

  /** {@code GET /health/ready}: 200 when ready, else 503 with the reasons. */
  public void ready(Context ctx) {
    Readiness readiness = readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    putReadiness(body, readiness);
    ctx.status(readiness.ready() ? 200 : 503);
    JsonResponses.write(ctx, body);
  }

  private static void putReadiness(Map<String, Object> body, Readiness readiness) {
    body.put("ready", readiness.ready());
    if (!readiness.ready()) {
      body.put("reasons", readiness.reasons());
    }
    readiness.instance().ifPresent(instance -> body.put("instance", json(instance)));
  }

  private static Map<String, Object> json(InstanceStatus instance) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", instance.instance());
    json.put("leader", instance.leader());
    json.put("leaderSince", instance.leaderSince().map(Object::toString).orElse(null));
    // Not the positions themselves: they count the events of private repositories too, and an
    // anonymous answer must not change with them (/metrics has them, for the operator).
    json.put("ingestionLag", instance.ingestionLag());
    return json;
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
