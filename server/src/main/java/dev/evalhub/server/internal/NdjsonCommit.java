package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import dev.evalhub.storage.FileChange;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.RecordText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The NDJSON body of the Hub's commit endpoint, read as it streams: a {@code header} line (summary, description,
 * parentCommit), then {@code file} lines (base64 or UTF-8 content), {@code deletedFile} and {@code deletedFolder}
 * lines. {@code lfsFile}
 * lines are refused: evalhub stores no LFS objects (its preupload never asks for them). The summary and the
 * description follow {@link RecordText} (a title and a text). Immutable.
 */
record NdjsonCommit(String summary, String description, Optional<String> parentCommit, List<FileChange> changes) {

  /** Inline files make long lines; the body's own size limit is what bounds them. */
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build());

  NdjsonCommit {
    changes = List.copyOf(changes);
  }

  /** The commit message: the summary, then the description after a blank line. */
  String message() {
    return description.isBlank() ? summary : summary + "\n\n" + description;
  }

  static NdjsonCommit read(InputStream body) throws IOException {
    JsonNode header = null;
    List<FileChange> changes = new ArrayList<>();
    try (MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(body)) {
      while (lines.hasNextValue()) {
        JsonNode line = lines.nextValue();
        JsonNode value = line.path("value");
        switch (line.path("key").asText()) {
          case "header" -> header = value;
          case "file" -> changes.add(file(value));
          case "deletedFile" -> changes.add(FileChange.delete(path(value)));
          // The Python client's delete_folder: the folder's path, with a trailing slash.
          case "deletedFolder" -> changes.add(FileChange.delete(path(value).replaceAll("/+$", "")));
          case "lfsFile" -> throw HubException.invalid("LFS is not supported by evalhub: \"" + path(value)
              + "\" must be sent inline as a \"file\" line");
          default -> throw HubException.invalid("unsupported commit line \"" + line.path("key").asText()
              + "\": evalhub accepts header, file, deletedFile and deletedFolder");
        }
      }
    } catch (JsonProcessingException | RuntimeJsonMappingException e) {
      throw HubException.invalid("the commit body is not valid NDJSON: " + e.getMessage());
    }
    if (header == null) {
      throw HubException.invalid("the commit body has no header line");
    }
    Optional<String> parent = Optional.ofNullable(header.get("parentCommit")).filter(JsonNode::isTextual)
        .map(JsonNode::asText);
    if (parent.isPresent() && !parent.get().matches("[0-9a-f]{40}")) {
      throw HubException.invalid("parentCommit must be a full commit id (40 lower-case hex digits)");
    }
    // The summary and description become the commit message (and a pull request's title and description).
    String summary = RecordText.title("summary", header.path("summary").asText(""));
    String description = RecordText.text("description", header.path("description").asText(""));
    return new NdjsonCommit(summary.isEmpty() ? "Commit via the API" : summary, description, parent, changes);
  }

  /** A {@code file} line's value, {@code {"path", "content", "encoding"?: "base64" (default) | "utf-8"}}. */
  static FileChange file(JsonNode value) {
    return FileChange.put(path(value), content(value));
  }

  private static String path(JsonNode value) {
    String path = value.path("path").asText("");
    if (path.isEmpty()) {
      throw HubException.invalid("a commit line has no \"path\"");
    }
    return path;
  }

  private static byte[] content(JsonNode value) {
    String content = value.path("content").asText("");
    String encoding = value.path("encoding").asText("base64");
    if (encoding.equalsIgnoreCase("utf-8")) {
      return content.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(content);
    } catch (IllegalArgumentException e) {
      throw HubException.invalid("the content of \"" + path(value) + "\" is not valid base64");
    }
  }
}
