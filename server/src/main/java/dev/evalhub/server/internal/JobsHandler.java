package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.server.Json;
import dev.evalhub.service.JobService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation jobs' API (docs/RUNNER.md): {@code POST /api/jobs} with {@code {"model":
 * "NS/NAME", "revision"?, "benchmark": "NS/NAME", "task"}} queues one; {@code GET /api/jobs/{id}}
 * reads one, {@code GET /api/jobs/{id}/log} its log as text, {@code POST /api/jobs/{id}/cancel} and
 * {@code /retry} change it. Answers a job as {@link #json}. Thread-safe.
 */
public final class JobsHandler {

  public static final String JOBS = "/api/jobs";
  public static final String JOB = "/api/jobs/{id}";

  private final JobService jobs;
  private final RequestAccess access;

  public JobsHandler(JobService jobs, RequestAccess access) {
    this.jobs = jobs;
    this.access = access;
  }

  /** {@code POST /api/jobs}. */
  public void request(Context ctx) {
    Caller caller = access.requireCaller(ctx);
    JsonNode body = RequestBodies.requiredObject(ctx.bodyAsBytes());
    RepoId model = repo(RepoType.MODEL, body, "model");
    RepoId benchmark = repo(RepoType.DATASET, body, "benchmark");
    String task =
        RequestBodies.text(body, "task")
            .orElseThrow(() -> HubException.invalid("the body has no \"task\""));
    Optional<String> revision = RequestBodies.text(body, "revision").filter(r -> !r.isBlank());
    Job job = jobs.request(caller, model, revision, benchmark, task);
    ctx.status(201);
    JsonResponses.write(ctx, json(job));
  }

  /**
   * {@code GET /api/jobs[?model=NS/NAME][&state=WORD]}: the jobs the caller can see, newest first,
   * at most 500. A {@code state} that names no job state is a 400 that lists the states.
   */
  public void list(Context ctx) {
    Optional<String> model =
        Optional.ofNullable(ctx.queryParam("model")).filter(m -> !m.isBlank()).map(String::strip);
    Optional<String> state =
        Optional.ofNullable(ctx.queryParam("state")).filter(m -> !m.isBlank()).map(String::strip);
    state.ifPresent(JobsHandler::checkState);
    List<Map<String, Object>> listed = new ArrayList<>();
    List<Job> visible = jobs.list(access.caller(ctx));
    for (int i = visible.size() - 1; i >= 0 && listed.size() < 500; i--) {
      Job job = visible.get(i);
      if (model.map(m -> m.equalsIgnoreCase(job.model().fullName())).orElse(true)
          && state.map(w -> w.equals(job.state().word())).orElse(true)) {
        listed.add(json(job));
      }
    }
    JsonResponses.write(ctx, listed);
  }

  private static void checkState(String word) {
    try {
      JobState.ofWord(word);
    } catch (IllegalArgumentException e) {
      throw HubException.invalid(
          "state must be one of "
              + java.util.Arrays.stream(JobState.values())
                  .map(JobState::word)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ", got \""
              + word
              + "\"");
    }
  }

  /** {@code GET /api/jobs/{id}}. */
  public void get(Context ctx) {
    JsonResponses.write(ctx, json(jobs.get(access.caller(ctx), id(ctx))));
  }

  /** {@code GET /api/jobs/{id}/log}: the log as UTF-8 text; empty before the first run. */
  public void log(Context ctx) {
    Optional<Path> log = jobs.log(access.caller(ctx), id(ctx));
    ctx.contentType("text/plain; charset=utf-8");
    if (log.isEmpty()) {
      ctx.result("");
      return;
    }
    try {
      InputStream in = Files.newInputStream(log.get());
      ctx.result(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code POST /api/jobs/{id}/cancel}. */
  public void cancel(Context ctx) {
    JsonResponses.write(ctx, json(jobs.cancel(access.requireCaller(ctx), id(ctx))));
  }

  /** {@code POST /api/jobs/{id}/retry}. */
  public void retry(Context ctx) {
    JsonResponses.write(ctx, json(jobs.retry(access.requireCaller(ctx), id(ctx))));
  }

  /**
   * A job on the wire: {@code id, state, attempt, requestedBy, model, modelRevision, benchmark,
   * benchmarkRevision, task, recipe, reason, pullRequest, created, updated, updatedBy}; {@code
   * reason} and {@code pullRequest} are null when there is none, times ISO-8601 UTC.
   */
  static Map<String, Object> json(Job job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id().value());
    json.put("state", job.state().word());
    json.put("attempt", job.attempt());
    json.put("requestedBy", job.requestedBy());
    json.put("model", job.model().fullName());
    json.put("modelRevision", job.modelRevision().hex());
    json.put("benchmark", job.benchmark().fullName());
    json.put("benchmarkRevision", job.benchmarkRevision().hex());
    json.put("task", job.task());
    json.put("recipe", job.recipe());
    json.put("reason", Json.orNull(job.reason()));
    json.put("pullRequest", Json.orNull(job.pullRequest()));
    json.put("created", job.created().toString());
    json.put("updated", job.updated().toString());
    json.put("updatedBy", job.updatedBy());
    return json;
  }

  private static JobId id(Context ctx) {
    String id = ctx.pathParam("id");
    if (!JobId.isJobId(id)) {
      throw HubException.notFound("no job with the id " + id);
    }
    return new JobId(id);
  }

  private static RepoId repo(RepoType type, JsonNode body, String field) {
    String text =
        RequestBodies.text(body, field)
            .orElseThrow(() -> HubException.invalid("the body has no \"" + field + "\""));
    return RepoId.parsePath(type.urlPrefix() + text.strip())
        .filter(id -> text.strip().split("/", -1).length == 2)
        .orElseThrow(() -> HubException.invalid(field + " must be NS/NAME, got \"" + text + "\""));
  }
}
