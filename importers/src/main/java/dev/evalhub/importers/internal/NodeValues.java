package dev.evalhub.importers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain values out of Jackson nodes for the readers, and how a node that is not a finite number is
 * described in a diagnostic.
 */
public final class NodeValues {

  private NodeValues() {}

  /** The text of a string node, or null for anything else (a missing key, null, a number). */
  public static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** The text of a non-blank string node, or null. */
  public static String nonBlank(JsonNode node) {
    String text = text(node);
    return text == null || text.isBlank() ? null : text;
  }

  /** Whether {@code node} is a finite JSON number. */
  public static boolean isFinite(JsonNode node) {
    return node != null && node.isNumber() && Double.isFinite(node.asDouble());
  }

  /** An integral number node's value, or null. */
  public static Long integer(JsonNode node) {
    if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    double d = node.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
  }

  /** What a node that should be a finite number is instead, for a diagnostic. */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string (\"" + abbreviate(node.asText()) + "\")";
    }
    if (node.isNumber()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isArray() ? "a list" : "an object";
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /**
   * The node as a plain methodology value (string, long, finite double, boolean, list, map), or
   * null for null, non-finite numbers and empty containers' null members.
   */
  public static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      Long integer = node.isIntegralNumber() ? integer(node) : null;
      if (integer != null) {
        return integer;
      }
      double d = node.asDouble();
      return Double.isFinite(d) ? (Object) d : null;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(
          item -> {
            Object value = plain(item);
            if (value != null) {
              list.add(value);
            }
          });
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Object value = plain(e.getValue());
      if (value != null) {
        map.put(e.getKey(), value);
      }
    }
    return map;
  }
}
