package dev.evalhub.importers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * One JSON document read whole (a results file, an Inspect header, a HELM stats file), with the
 * bytes it came from so that a diagnostic can name the line and column of any JSON pointer: the
 * position is found by reading the bytes again, only when a problem is reported.
 *
 * <p>Parsing accepts {@code NaN} and {@code Infinity} (Python's {@code json} writes them), so that
 * a reader can say which value is not finite instead of failing the whole file; duplicate keys and
 * nesting deeper than {@link ImportLimits#maxDepth()} are errors.
 */
public final class JsonDoc {

  private final JsonNode root;
  private final byte[] bytes;
  private final int maxDepth;

  private JsonDoc(JsonNode root, byte[] bytes, int maxDepth) {
    this.root = root;
    this.bytes = bytes;
    this.maxDepth = maxDepth;
  }

  /** A parse failure: the message and where the parser stopped (1-based; 0 when unknown). */
  public record ParseError(String message, int line, int column) {}

  /** The outcome of {@link #parse}: a document or where it broke. */
  public record Parsed(Optional<JsonDoc> doc, Optional<ParseError> error) {}

  /** A mapper configured as every reader's document mapper (limits applied). */
  public static JsonMapper mapper(ImportLimits limits) {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()))
                    .maxNumberLength(1000)
                    .build())
            .build();
    return JsonMapper.builder(factory).build();
  }

  /** Parses {@code bytes} as one JSON document. */
  public static Parsed parse(byte[] bytes, ImportLimits limits) {
    JsonMapper mapper = mapper(limits);
    try (JsonParser parser = mapper.createParser(bytes)) {
      JsonNode root = mapper.readTree(parser);
      if (root == null) {
        return failed(new ParseError("the file is empty", 1, 1));
      }
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        return failed(
            new ParseError(
                "more than one JSON value in the file",
                Math.max(0, at.getLineNr()),
                Math.max(0, at.getColumnNr())));
      }
      return new Parsed(Optional.of(new JsonDoc(root, bytes, limits.maxDepth())), Optional.empty());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : Math.max(0, at.getLineNr());
      int column = at == null ? 0 : Math.max(0, at.getColumnNr());
      return failed(new ParseError("not valid JSON: " + e.getOriginalMessage(), line, column));
    } catch (IOException e) {
      return failed(new ParseError("cannot read: " + e.getMessage(), 0, 0));
    }
  }

  private static Parsed failed(ParseError error) {
    return new Parsed(Optional.empty(), Optional.of(error));
  }

  public JsonNode root() {
    return root;
  }

  /** The node at {@code pointer} (RFC 6901), or a missing node. */
  public JsonNode at(String pointer) {
    return root.at(pointer);
  }

  /**
   * The 1-based {line, column} where the value at {@code pointer} starts, or {0, 0} when the
   * pointer names nothing in the document.
   */
  public int[] locate(String pointer) {
    JsonPointer target = JsonPointer.compile(pointer);
    if (target.matches()) {
      return new int[] {1, 1};
    }
    JsonFactory factory =
        JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
            .build();
    try (JsonParser parser = factory.createParser(bytes)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME
            || token == JsonToken.END_OBJECT
            || token == JsonToken.END_ARRAY) {
          continue;
        }
        if (parser.getParsingContext().pathAsPointer().equals(target)) {
          JsonLocation at = parser.currentTokenLocation();
          return new int[] {at.getLineNr(), at.getColumnNr()};
        }
      }
    } catch (IOException | RuntimeException e) {
      // the document parsed once; a failure here only loses the position
    }
    return new int[] {0, 0};
  }

  /** The pointer of {@code key} under {@code parent}, escaped as RFC 6901 requires. */
  public static String pointer(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer of item {@code index} under {@code parent}. */
  public static String pointer(String parent, int index) {
    return parent + "/" + index;
  }
}
