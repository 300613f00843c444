package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.storage.Caller;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.RepoId;
import dev.evalhub.storage.RepoInfo;
import dev.evalhub.storage.RepoType;
import dev.evalhub.storage.Storage;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/repos/create} with the Hugging Face body {@code {"name", "organization"?, "type"?, "private"?,
 * "visibility"?}}: creates the repository in the organisation, or in the caller's own namespace, and answers
 * {@code {"url", "id", "name"}}. Thread-safe.
 */
public final class CreateRepoHandler implements Handler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Storage storage;
  private final Authenticator authenticator;

  public CreateRepoHandler(Storage storage, Authenticator authenticator) {
    this.storage = storage;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    Caller caller = authenticator.authenticate(ctx.header("Authorization")).caller()
        .orElseThrow(() -> new HubException(HubException.Kind.UNAUTHENTICATED, "a write token is required"));
    JsonNode body = parse(ctx.bodyAsBytes());
    String name = text(body, "name").orElseThrow(() -> HubException.invalid("\"name\" is required"));
    String namespace = text(body, "organization").orElse(caller.user());
    if (name.contains("/")) {
      namespace = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    String typeId = text(body, "type").orElse(RepoType.MODEL.id());
    RepoType type = RepoType.fromId(typeId)
        .orElseThrow(() -> HubException.invalid("\"type\" must be \"model\" or \"dataset\", got \"" + typeId + "\""));
    boolean isPrivate = body.path("private").asBoolean(false)
        || text(body, "visibility").map(v -> !v.equals("public")).orElse(false);
    RepoInfo created = storage.createRepository(new RepoId(type, namespace, name), isPrivate, Optional.of(caller));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("url", ctx.scheme() + "://" + ctx.host() + "/" + created.id().urlPath());
    answer.put("id", created.id().urlPath());
    answer.put("name", created.id().fullName());
    ctx.contentType("application/json; charset=utf-8").result(JSON.writeValueAsString(answer));
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw HubException.invalid("the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw HubException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
