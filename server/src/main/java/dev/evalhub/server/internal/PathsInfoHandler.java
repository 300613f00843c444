package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/{models|datasets}/{ns}/{name}/paths-info/{rev}}: the entries ({@code [{type,
 * oid, size, path}]}) of the paths asked for that exist at the revision; missing ones are left out,
 * as on the Hub. The JS client sends {@code {"paths": [...]}} as JSON, the Python client as form
 * fields. Thread-safe.
 */
public final class PathsInfoHandler implements Handler {

  private final RequestAccess access;
  private final EvalHub hub;

  public PathsInfoHandler(RequestAccess access, EvalHub hub) {
    this.access = access;
    this.hub = hub;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Optional<Caller> caller = access.caller(ctx);
    RepoInfo repo = hub.repositories().info(path.repo(), caller);
    RepoRevision revision =
        hub.contents().resolve(repo.id(), path.revisionPath().revision(), caller);
    ctx.json(
        hub.contents().pathsInfo(revision, paths(ctx), caller).stream()
            .map(RepoJson::entry)
            .toList());
  }

  private static List<String> paths(Context ctx) throws IOException {
    if (!String.valueOf(ctx.contentType()).startsWith("application/json")) {
      return ctx.formParams("paths");
    }
    List<String> paths = new ArrayList<>();
    JsonNode list = RequestBodies.requiredObject(ctx.bodyAsBytes()).path("paths");
    if (!list.isArray()) {
      throw HubException.invalid("the body must be {\"paths\": [\"path\", ...]}");
    }
    for (JsonNode p : list) {
      if (!p.isTextual()) {
        throw HubException.invalid("paths must be strings, got " + p);
      }
      paths.add(p.asText());
    }
    return paths;
  }
}
