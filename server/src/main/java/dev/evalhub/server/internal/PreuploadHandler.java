package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoPaths;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/{models|datasets}/{ns}/{name}/preupload/{rev}}: evalhub keeps every file inline as a plain git
 * blob, so each file of {@code {"files": [{"path", ...}]}} gets {@code uploadMode: "regular"} and the client never
 * starts an LFS upload. The caller must be able to read the repository; the commit checks write access. Thread-safe.
 */
public final class PreuploadHandler implements Handler {

  private final RequestAccess access;

  public PreuploadHandler(RequestAccess access) {
    this.access = access;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    RequestPath path = RequestPath.ofApi(ctx.req().getRequestURI());
    access.readable(path.repo(), Optional.of(access.requireCaller(ctx)));
    JsonNode files = RequestBodies.requiredObject(ctx.bodyAsBytes()).path("files");
    if (!files.isArray()) {
      throw HubException.invalid("the body must be {\"files\": [{\"path\": ...}, ...]}");
    }
    List<Map<String, Object>> answer = new ArrayList<>();
    for (JsonNode file : files) {
      answer.add(Map.of("path", RepoPaths.require(file.path("path").asText()), "uploadMode", "regular", "shouldIgnore", false));
    }
    ctx.json(Map.of("files", answer));
  }
}
