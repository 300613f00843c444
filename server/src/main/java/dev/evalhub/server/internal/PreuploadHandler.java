package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/{models|datasets}/{ns}/{name}/preupload/{rev}}: evalhub keeps every file inline
 * as a plain git blob, so each file of {@code {"files": [{"path", ...}]}} gets {@code uploadMode:
 * "regular"} and the client never starts an LFS upload. The caller must be able to read the
 * repository (checked before the body is read); the commit checks write access. Thread-safe.
 */
public final class PreuploadHandler implements Handler {

  private final EvalHub hub;
  private final RequestAccess access;

  public PreuploadHandler(EvalHub hub, RequestAccess access) {
    this.hub = hub;
    this.access = access;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    Caller caller = access.requireCaller(ctx);
    hub.repositories().info(path.repo(), Optional.of(caller));
    JsonNode files = RequestBodies.requiredObject(ctx.bodyAsBytes()).path("files");
    if (!files.isArray()) {
      throw HubException.invalid("the body must be {\"files\": [{\"path\": ...}, ...]}");
    }
    List<String> asked = new ArrayList<>();
    files.forEach(file -> asked.add(file.path("path").asText()));
    List<Map<String, Object>> answer = new ArrayList<>();
    for (String checked : hub.contents().preupload(path.repo(), asked, caller)) {
      answer.add(Map.of("path", checked, "uploadMode", "regular", "shouldIgnore", false));
    }
    ctx.json(Map.of("files", answer));
  }
}
