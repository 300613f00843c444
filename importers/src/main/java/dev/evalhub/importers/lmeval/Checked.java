package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogSource;

/**
 * Typed reads from one results document: each returns the value at a JSON pointer, null when the
 * key is missing or {@code null}, and reports a positioned error (returning null) when the value
 * has the wrong type. Not thread-safe.
 */
final class Checked {

  private final LogSource file;
  private final JsonDoc doc;
  private final ImportContext context;

  Checked(LogSource file, JsonDoc doc, ImportContext context) {
    this.file = file;
    this.doc = doc;
    this.context = context;
  }

  JsonDoc doc() {
    return doc;
  }

  LogSource file() {
    return file;
  }

  void error(String pointer, String message) {
    context.error(file, "", doc, pointer, message);
  }

  void warning(String pointer, String message) {
    context.warning(file, "", doc, pointer, message);
  }

  /** The node at {@code pointer}, null when missing or JSON null. */
  JsonNode node(String pointer) {
    JsonNode node = doc.at(pointer);
    return node.isMissingNode() || node.isNull() ? null : node;
  }

  JsonNode object(String pointer) {
    JsonNode node = node(pointer);
    if (node != null && !node.isObject()) {
      error(pointer, "must be an object, not " + describe(node));
      return null;
    }
    return node;
  }

  JsonNode array(String pointer) {
    JsonNode node = node(pointer);
    if (node != null && !node.isArray()) {
      error(pointer, "must be a list, not " + describe(node));
      return null;
    }
    return node;
  }

  String text(String pointer) {
    JsonNode node = node(pointer);
    if (node != null && !node.isTextual()) {
      error(pointer, "must be a string, not " + describe(node));
      return null;
    }
    return node == null ? null : node.textValue();
  }

  Boolean bool(String pointer) {
    JsonNode node = node(pointer);
    if (node != null && !node.isBoolean()) {
      error(pointer, "must be true or false, not " + describe(node));
      return null;
    }
    return node == null ? null : node.booleanValue();
  }

  /** An integer >= 0 (a JSON number without a fraction). */
  Long count(String pointer) {
    JsonNode node = node(pointer);
    if (node == null) {
      return null;
    }
    if (!isWhole(node) || node.longValue() < 0) {
      error(pointer, "must be a whole number >= 0, not " + describe(node));
      return null;
    }
    return node.longValue();
  }

  /** A whole number, possibly negative (a seed). */
  Long integer(String pointer) {
    JsonNode node = node(pointer);
    if (node == null) {
      return null;
    }
    if (!isWhole(node)) {
      error(pointer, "must be a whole number, not " + describe(node));
      return null;
    }
    return node.longValue();
  }

  /** A finite number. */
  Double number(String pointer) {
    JsonNode node = node(pointer);
    if (node == null) {
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      error(pointer, "must be a finite number, not " + describe(node));
      return null;
    }
    return node.doubleValue();
  }

  private static boolean isWhole(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong();
    }
    if (node.isNumber()) {
      double value = node.doubleValue();
      return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 0x1p53;
    }
    return false;
  }

  /** How a diagnostic names a value of the wrong type: {@code the string "0.5"}, {@code NaN}. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      String text = node.textValue();
      return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
    if (node.isNumber()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    return "an object";
  }
}
