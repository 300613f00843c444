package dev.evalhub.verification.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON mapper of token and key handling. It refuses duplicate member names and anything
 * after the first value, because two {@code alg}s or two objects in one part are the classic way to
 * make two readers disagree about what was signed. Thread-safe.
 */
public final class StrictJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  /**
   * The JSON object in the UTF-8 {@code bytes}; the exception's message says, briefly, what is
   * wrong.
   */
  public static ObjectNode parseObject(byte[] bytes) throws IOException {
    try {
      return object(MAPPER.readTree(bytes));
    } catch (JsonProcessingException e) {
      throw new IOException(e.getOriginalMessage(), e);
    }
  }

  /** The JSON object in {@code text}; the exception's message says, briefly, what is wrong. */
  public static ObjectNode parseObject(String text) throws IOException {
    try {
      return object(MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IOException(e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode object(JsonNode node) throws IOException {
    if (!(node instanceof ObjectNode object)) {
      String found =
          node == null || node.isMissingNode()
              ? "nothing"
              : node.getNodeType().toString().toLowerCase(Locale.ROOT);
      throw new IOException("expected a JSON object, found " + found);
    }
    return object;
  }

  /**
   * Compact JSON (no whitespace) of a tree of maps, lists, strings, numbers and booleans, in map
   * order.
   */
  public static byte[] write(Map<String, ?> tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Pretty-printed JSON, for documents people read (a JWKS). */
  public static String writePretty(Map<String, ?> tree) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
