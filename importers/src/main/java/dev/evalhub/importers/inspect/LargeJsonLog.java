package dev.evalhub.importers.inspect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.evalhub.formats.Severity;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * An Inspect {@code .json} log larger than a document read whole: streamed once with Jackson's
 * parser, keeping every top-level member but {@code samples} and {@code reductions} (skipped token
 * by token, never held), within {@link dev.evalhub.importers.ImportLimits#maxDocumentBytes()} for
 * what is kept. Diagnostics about the kept tree carry JSON pointers but no line (its bytes are not
 * kept).
 */
final class LargeJsonLog {

  /** The top-level members that hold per-sample data, skipped. */
  static final Set<String> SKIPPED = Set.of("samples", "reductions");

  private LargeJsonLog() {}

  static Optional<JsonNode> read(LogSource file, ImportContext context) {
    long maxKept = context.limits().maxDocumentBytes();
    JsonMapper mapper = JsonDoc.mapper(context.limits());
    try (InputStream in = file.open();
        JsonParser parser = mapper.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        context.error(file, "an Inspect log is a JSON object");
        return Optional.empty();
      }
      ObjectNode root = mapper.createObjectNode();
      long kept = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        parser.nextToken();
        if (SKIPPED.contains(key)) {
          parser.skipChildren();
        } else {
          long start = parser.currentTokenLocation().getByteOffset();
          TokenBuffer buffer = new TokenBuffer(parser);
          int depth = 0;
          while (true) {
            buffer.copyCurrentEvent(parser);
            JsonToken token = parser.currentToken();
            if (token.isStructStart()) {
              depth++;
            } else if (token.isStructEnd()) {
              depth--;
            }
            if (kept + parser.currentLocation().getByteOffset() - start > maxKept) {
              context.error(
                  file,
                  "the log without its samples is larger than "
                      + maxKept
                      + " bytes, the limit for a document read whole (at /"
                      + key
                      + ")");
              return Optional.empty();
            }
            if (depth == 0) {
              break;
            }
            parser.nextToken();
          }
          kept += parser.currentLocation().getByteOffset() - start;
          try (JsonParser copy = buffer.asParser()) {
            root.set(key, mapper.readTree(copy));
          }
        }
        long done = parser.currentLocation().getByteOffset();
        context.progress().read(file.name(), Math.max(0, done), file.size());
      }
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        at(context, file, at, "more than one JSON value in the file");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      at(context, file, e.getLocation(), "not valid JSON: " + e.getOriginalMessage());
      return Optional.empty();
    } catch (IOException e) {
      context.error(file, "cannot read the file: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static void at(ImportContext context, LogSource file, JsonLocation at, String message) {
    int line = at == null ? 0 : Math.max(0, at.getLineNr());
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    context.report(new LogDiagnostic(Severity.ERROR, file.name(), "", line, column, "", message));
  }
}
