package dev.evalhub.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.evalhub.storage.HubException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads the JSON object of a request body; an empty body is an empty object (the client may send none). */
final class RequestBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestBodies() {}

  static JsonNode object(byte[] bytes) {
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isNull() || node instanceof MissingNode) {
        return JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw HubException.invalid("the body must be a JSON object");
      }
      return node;
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
