package dev.evalhub.server.internal;

import dev.evalhub.domain.mirror.MirrorState;
import dev.evalhub.domain.mirror.MirrorStatus;
import dev.evalhub.service.MirrorService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mirrors' API: {@code GET /api/mirrors} lists every mirror as anyone may see it (no private
 * repository ever named), {@code POST /api/mirrors/{id}/refresh} asks a background refresh of one
 * for an account with a write token (at most once per {@link MirrorService#API_REFRESH_SPACING})
 * and answers 202 with its state. Adding and removing mirrors is the operator's, on the command
 * line. Thread-safe.
 */
public final class MirrorsHandler {

  public static final String MIRRORS = "/api/mirrors";
  public static final String REFRESH = MIRRORS + "/{id}/refresh";

  private final MirrorService mirrors;
  private final RequestAccess access;

  public MirrorsHandler(MirrorService mirrors, RequestAccess access) {
    this.mirrors = mirrors;
    this.access = access;
  }

  /** {@code GET /api/mirrors}: {@code [{id, source, kind, interval, repositories, ...}]}. */
  public void list(Context ctx) {
    JsonResponses.write(
        ctx, mirrors.list(access.caller(ctx)).stream().map(MirrorsHandler::json).toList());
  }

  /**
   * {@code POST /api/mirrors/{id}/refresh}: 202 and the mirror's state now; the refresh runs in the
   * background ({@link MirrorService#requestRefresh}), so the request never waits on the source.
   */
  public void refresh(Context ctx) {
    MirrorStatus status = mirrors.requestRefresh(ctx.pathParam("id"), access.requireCaller(ctx));
    ctx.status(202);
    JsonResponses.write(ctx, json(status));
  }

  /**
   * A mirror as JSON: {@code {id, source, kind, intervalSeconds, lastAttempt?, lastSuccess?,
   * refreshes, failures, problems, repositories: [{id, type, origin, sourceRevision?,
   * localRevision?, lastChange?, problem?, replaced?}]}}.
   */
  static Map<String, Object> json(MirrorStatus status) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", status.mirror().id());
    json.put("source", status.mirror().source());
    json.put("kind", status.mirror().kind().id());
    json.put("intervalSeconds", status.mirror().interval().toSeconds());
    MirrorState state = status.state();
    state.lastAttempt().ifPresent(t -> json.put("lastAttempt", t.toString()));
    state.lastSuccess().ifPresent(t -> json.put("lastSuccess", t.toString()));
    json.put("refreshes", state.refreshes());
    json.put("failures", state.failures());
    json.put("problems", state.problems());
    List<Map<String, Object>> repos =
        status.mirror().repositories().stream()
            .map(
                repo -> {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("id", repo.fullName());
                  one.put("type", repo.type().id());
                  one.put("origin", status.mirror().sourceUrlOf(repo));
                  state
                      .of(repo)
                      .ifPresent(
                          r -> {
                            r.sourceRevision().ifPresent(v -> one.put("sourceRevision", v));
                            r.localRevision().ifPresent(v -> one.put("localRevision", v));
                            r.lastChange().ifPresent(v -> one.put("lastChange", v.toString()));
                            r.problem().ifPresent(v -> one.put("problem", v));
                            r.replaced().ifPresent(v -> one.put("replaced", v));
                          });
                  return one;
                })
            .toList();
    json.put("repositories", repos);
    return json;
  }
}
