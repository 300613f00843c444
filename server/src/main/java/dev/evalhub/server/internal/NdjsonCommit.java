package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The NDJSON body of the Hub's commit endpoint, read strictly as it streams: one JSON object a
 * line, {@code {"key": K, "value": {...}}}; the first line is the only {@code header} ({@code
 * summary}, {@code description}, {@code parentCommit}: strings), then {@code file} ({@code path},
 * {@code content}: strings; {@code encoding}: {@code base64}, the default, or {@code utf-8}),
 * {@code deletedFile} and {@code deletedFolder} ({@code path}) lines. {@code lfsFile} lines are
 * refused: evalhub stores no LFS objects (its preupload never asks for them). A path named twice,
 * or a file that is also another file's folder ({@code a} and {@code a/b}), is refused. Every
 * refusal is INVALID and starts with {@code line N:}. The summary and the description follow {@link
 * RecordText} (a title and a text). Immutable.
 */
record NdjsonCommit(
    String summary, String description, Optional<String> parentCommit, List<FileChange> changes) {

  /** Inline files make long lines; the body's own size limit is what bounds them. */
  private static final JsonFactory LINES =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  NdjsonCommit {
    changes = List.copyOf(changes);
  }

  /** The commit message: the summary, then the description after a blank line. */
  String message() {
    return description.isBlank() ? summary : summary + "\n\n" + description;
  }

  static NdjsonCommit read(InputStream body) throws IOException {
    JsonNode header = null;
    int headerLine = 0;
    List<FileChange> changes = new ArrayList<>();
    Paths paths = new Paths();
    int previousLine = 0;
    try (JsonParser parser = LINES.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        if (line == previousLine) {
          throw invalid(line, "two JSON values on one line; NDJSON has one object a line");
        }
        if (token != JsonToken.START_OBJECT) {
          throw invalid(line, "each line must be a JSON object {\"key\": ..., \"value\": {...}}");
        }
        JsonNode node = value(parser, line);
        if (parser.currentLocation().getLineNr() != line) {
          throw invalid(line, "a JSON object spans several lines; NDJSON has one object a line");
        }
        previousLine = line;
        String key =
            text(node, "key", line).orElseThrow(() -> invalid(line, "the line has no \"key\""));
        JsonNode value = node.get("value");
        if (value == null || !value.isObject()) {
          throw invalid(line, "the \"value\" of a \"" + key + "\" line must be a JSON object");
        }
        if (key.equals("header")) {
          if (header != null || !changes.isEmpty()) {
            throw invalid(line, "the header must be the first line, and the only one");
          }
          header = value;
          headerLine = line;
          continue;
        }
        if (header == null) {
          throw invalid(
              line, "the first line must be the header ({\"key\": \"header\", \"value\": {...}})");
        }
        FileChange change = change(key, value, line);
        paths.add(change, line);
        changes.add(change);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? previousLine + 1 : e.getLocation().getLineNr();
      throw invalid(line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (header == null) {
      throw HubException.invalid("the commit body has no header line");
    }
    return of(header, headerLine).withChanges(changes);
  }

  /** The JSON object that starts on {@code line}; a syntax error in it names that line. */
  private static JsonNode value(JsonParser parser, int line) throws IOException {
    try {
      return Json.mapper().readTree(parser);
    } catch (JsonProcessingException e) {
      throw invalid(line, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static FileChange change(String key, JsonNode value, int line) {
    return switch (key) {
      case "file" -> checked(line, () -> FileChange.put(path(value, line), content(value, line)));
      case "deletedFile" -> checked(line, () -> FileChange.delete(path(value, line)));
      // The Python client's delete_folder: the folder's path, with a trailing slash.
      case "deletedFolder" ->
          checked(line, () -> FileChange.delete(path(value, line).replaceAll("/+$", "")));
      case "lfsFile" ->
          throw invalid(
              line,
              "LFS is not supported by evalhub: \""
                  + path(value, line)
                  + "\" must be sent inline as a \"file\" line");
      default ->
          throw invalid(
              line,
              "unsupported commit line \""
                  + key
                  + "\": evalhub accepts header, file, deletedFile and deletedFolder");
    };
  }

  /**
   * The change {@code make} builds; FileChange's own refusal (a bad path) gets the line number too.
   */
  private static FileChange checked(int line, java.util.function.Supplier<FileChange> make) {
    try {
      return make.get();
    } catch (HubException e) {
      throw e.getMessage().startsWith("line ") ? e : invalid(line, e.getMessage());
    }
  }

  private NdjsonCommit withChanges(List<FileChange> all) {
    return new NdjsonCommit(summary, description, parentCommit, all);
  }

  private static NdjsonCommit of(JsonNode header, int line) {
    Optional<String> parent = text(header, "parentCommit", line);
    if (parent.isPresent() && !parent.get().matches("[0-9a-f]{40}")) {
      throw invalid(line, "parentCommit must be a full commit id (40 lower-case hex digits)");
    }
    // The summary and description become the commit message (and a pull request's title and
    // description).
    String summary;
    String description;
    try {
      summary = RecordText.title("summary", text(header, "summary", line).orElse(""));
      description = RecordText.text("description", text(header, "description", line).orElse(""));
    } catch (HubException e) {
      throw e.getMessage().startsWith("line ") ? e : invalid(line, e.getMessage());
    }
    return new NdjsonCommit(
        summary.isBlank() ? "Commit via the API" : summary, description, parent, List.of());
  }

  /**
   * The string field {@code name} of {@code object}: absent or null is empty, any other type is
   * refused.
   */
  private static Optional<String> text(JsonNode object, String name, int line) {
    JsonNode value = object.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(
          line,
          "\""
              + name
              + "\" must be a string, got "
              + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return Optional.of(value.asText());
  }

  private static String path(JsonNode value, int line) {
    String path = text(value, "path", line).orElse("");
    if (path.isEmpty()) {
      throw invalid(line, "the line has no \"path\"");
    }
    return path;
  }

  private static byte[] content(JsonNode value, int line) {
    String path = path(value, line);
    String content =
        text(value, "content", line)
            .orElseThrow(() -> invalid(line, "the file \"" + path + "\" has no \"content\""));
    String encoding = text(value, "encoding", line).orElse("base64");
    if (encoding.equalsIgnoreCase("utf-8")) {
      return content.getBytes(StandardCharsets.UTF_8);
    }
    if (!encoding.equalsIgnoreCase("base64")) {
      throw invalid(
          line,
          "the encoding of \"" + path + "\" must be base64 or utf-8, got \"" + encoding + "\"");
    }
    try {
      return Base64.getDecoder().decode(content);
    } catch (IllegalArgumentException e) {
      throw invalid(line, "the content of \"" + path + "\" is not valid base64");
    }
  }

  /**
   * A {@code file} value outside a commit body (the first files of a new repository), read as
   * strictly.
   */
  static FileChange file(JsonNode value) {
    if (!value.isObject()) {
      throw HubException.invalid(
          "a file must be a JSON object {\"path\", \"content\", \"encoding\"?}");
    }
    return FileChange.put(path(value, 0), content(value, 0));
  }

  /** INVALID, prefixed {@code line N:} when there is a line ({@code line > 0}). */
  private static HubException invalid(int line, String message) {
    return HubException.invalid(line > 0 ? "line " + line + ": " + message : message);
  }

  /**
   * The paths of one commit so far: a path may appear once; a file may not be the folder of another
   * file (git cannot hold both, and one would silently replace the other).
   */
  private static final class Paths {
    private final Map<String, Integer> named = new HashMap<>();
    private final Map<String, Integer> files = new HashMap<>();
    private final Map<String, Integer> folders = new HashMap<>();

    void add(FileChange change, int line) {
      String path = change.path();
      Integer before = named.putIfAbsent(path, line);
      if (before != null) {
        throw invalid(line, "\"" + path + "\" is already named on line " + before);
      }
      if (change.content().isEmpty()) {
        return;
      }
      Integer asFolder = folders.get(path);
      if (asFolder != null) {
        throw invalid(line, "\"" + path + "\" is a file here but a folder on line " + asFolder);
      }
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        String folder = path.substring(0, slash);
        Integer asFile = files.get(folder);
        if (asFile != null) {
          throw invalid(
              line,
              "\"" + path + "\" needs the folder \"" + folder + "\", a file on line " + asFile);
        }
        folders.putIfAbsent(folder, line);
      }
      files.put(path, line);
    }
  }
}
