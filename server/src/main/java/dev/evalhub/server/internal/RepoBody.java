package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.storage.FileChange;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.RepoId;
import dev.evalhub.storage.RepoType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON body with which the Hugging Face clients name a repository to create or delete: {@code {"name",
 * "organization"?, "type"?, "private"?, "visibility"?, "files"?}}, where {@code name} may also be {@code ns/name}
 * and the namespace defaults to the caller's own. Immutable.
 */
record RepoBody(RepoId id, JsonNode json) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static RepoBody parse(byte[] bytes, String callerNamespace) {
    JsonNode body = object(bytes);
    String name = text(body, "name").orElseThrow(() -> HubException.invalid("\"name\" is required"));
    String namespace = text(body, "organization").orElse(callerNamespace);
    if (name.contains("/")) {
      namespace = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    String typeId = text(body, "type").orElse(RepoType.MODEL.id());
    RepoType type = RepoType.fromId(typeId)
        .orElseThrow(() -> HubException.invalid("\"type\" must be \"model\" or \"dataset\", got \"" + typeId + "\""));
    return new RepoBody(new RepoId(type, namespace, name), body);
  }

  /** Private when {@code "private": true} (clients up to 2.11.0) or a {@code visibility} other than public. */
  boolean isPrivate() {
    return json.path("private").asBoolean(false) || text(json, "visibility").map(v -> !v.equals("public"))
        .orElse(false);
  }

  /** The {@code files} to put in the first commit, {@code [{"path", "content", "encoding"}]}; usually none. */
  List<FileChange> files() {
    List<FileChange> files = new ArrayList<>();
    for (JsonNode file : json.path("files")) {
      files.add(NdjsonCommit.file(file));
    }
    return files;
  }

  private static JsonNode object(byte[] bytes) {
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
