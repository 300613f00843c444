package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.evalhub.domain.HubException;
import dev.evalhub.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads the JSON object of a request body, and its text fields. Stateless. */
final class RequestBodies {

  private RequestBodies() {}

  /** The body's object; an empty or {@code null} body is an empty object. */
  static JsonNode object(byte[] bytes) {
    JsonNode node = bytes.length == 0 ? MissingNode.getInstance() : parse(bytes);
    return node.isMissingNode() || node.isNull()
        ? Json.mapper().createObjectNode()
        : requireObject(node);
  }

  /**
   * The body's object, which must be there: a body that is empty or anything but an object is
   * refused.
   */
  static JsonNode requiredObject(byte[] bytes) {
    return requireObject(parse(bytes));
  }

  private static JsonNode requireObject(JsonNode node) {
    if (!node.isObject()) {
      throw HubException.invalid("the body must be a JSON object");
    }
    return node;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = Json.mapper().readTree(bytes);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      throw HubException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
