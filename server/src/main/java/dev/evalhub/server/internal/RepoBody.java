package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.FileChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body with which the Hugging Face clients name a repository to create or delete: {@code
 * {"name", "organization"?, "type"?, "private"?, "visibility"?, "files"?, "empty"?}}, where {@code
 * name} may also be {@code ns/name} and the namespace defaults to the caller's own. Immutable.
 */
record RepoBody(RepoId id, JsonNode json) {

  static RepoBody parse(byte[] bytes, String callerNamespace) {
    JsonNode body = RequestBodies.requiredObject(bytes);
    String name =
        RequestBodies.text(body, "name")
            .orElseThrow(() -> HubException.invalid("\"name\" is required"));
    String namespace = RequestBodies.text(body, "organization").orElse(callerNamespace);
    if (name.contains("/")) {
      namespace = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    String typeId = RequestBodies.text(body, "type").orElse(RepoType.MODEL.id());
    RepoType type =
        RepoType.fromId(typeId)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "\"type\" must be \"model\" or \"dataset\", got \"" + typeId + "\""));
    return new RepoBody(new RepoId(type, namespace, name), body);
  }

  /**
   * Private when {@code "private": true} (clients up to 2.11.0) or a {@code visibility} other than
   * public.
   */
  boolean isPrivate() {
    return json.path("private").asBoolean(false)
        || RequestBodies.text(json, "visibility").map(v -> !v.equals("public")).orElse(false);
  }

  /**
   * Whether {@code "empty": true} asks for a repository with no commit at all (evalhub's own field:
   * the Hub always makes a first commit), so that a first push may bring any history.
   */
  boolean isEmpty() {
    JsonNode empty = json.path("empty");
    if (empty.isMissingNode() || empty.isNull()) {
      return false;
    }
    if (!empty.isBoolean()) {
      throw HubException.invalid("\"empty\" must be true or false");
    }
    if (empty.asBoolean() && json.path("files").size() > 0) {
      throw HubException.invalid(
          "an empty repository is created without files: drop \"files\" or \"empty\"");
    }
    return empty.asBoolean();
  }

  /**
   * The {@code files} to put in the first commit, {@code [{"path", "content", "encoding"}]};
   * usually none.
   */
  List<FileChange> files() {
    List<FileChange> files = new ArrayList<>();
    for (JsonNode file : json.path("files")) {
      files.add(NdjsonCommit.file(file));
    }
    return files;
  }
}
