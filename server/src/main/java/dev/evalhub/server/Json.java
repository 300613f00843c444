package dev.evalhub.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's one JSON mapper, configured once: the server hands it to Javalin ({@code ctx.json}),
 * the handlers that write bytes themselves and the request body readers use it, and the command
 * line prints with it.
 *
 * <p>Its one rule about nulls is the Hub's: a property or map entry whose value is Java {@code
 * null} is left out. A shape that must send a JSON {@code null} says so explicitly with {@link
 * #NULL} or {@link #orNull} (a {@link NullNode} is written as {@code null}); JSON trees ({@link
 * JsonNode}) are written as they are, nulls included. Reading is Jackson's default.
 *
 * <p>Thread-safe: the mapper is configured in this class's initialiser and never changed
 * afterwards; callers must not reconfigure it.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  /** A JSON {@code null} that the mapper writes (a Java {@code null} it leaves out). */
  public static final JsonNode NULL = NullNode.getInstance();

  private Json() {}

  /** The mapper; read-only use. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** {@code value} as UTF-8 JSON. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("API values always serialise", e);
    }
  }

  /**
   * The value of {@code optional}, or {@link #NULL}: for a key that is sent as {@code null} when
   * empty.
   */
  public static Object orNull(Optional<?> optional) {
    return optional.isPresent() ? optional.get() : NULL;
  }

  /**
   * A JSON tree of plain values (maps, lists, strings, numbers, booleans and nulls, as a card's
   * front matter is read), keeping every null: the mapper would leave null map values out of the
   * tree, which a card must keep.
   */
  public static JsonNode tree(Object plain) {
    return MAPPER.valueToTree(nullsAsNodes(plain));
  }

  private static Object nullsAsNodes(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, nullsAsNodes(item)));
      return copy;
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      items.forEach(item -> copy.add(nullsAsNodes(item)));
      return copy;
    }
    return value;
  }
}
