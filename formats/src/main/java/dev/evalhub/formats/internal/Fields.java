package dev.evalhub.formats.internal;

import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.ScalarType;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of the fields of one YAML mapping, reporting every problem to {@link Problems} with
 * its position and path. It remembers which keys were read, so that the rest can be reported as
 * unknown. Not thread-safe.
 *
 * <p>Typing follows the spec: a field typed string keeps the exact text of any non-null scalar (so
 * a revision {@code 1234e56} or a date stays as written); a field typed number accepts only
 * unquoted numbers.
 */
final class Fields {

  private final Mapping mapping;
  private final YamlPath path;
  private final Problems problems;
  private final Set<String> read = new HashSet<>();

  private Fields(Mapping mapping, YamlPath path, Problems problems) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
  }

  /** The fields of {@code node}, or empty (with an error) when it is not a mapping. */
  static Optional<Fields> of(YamlNode node, YamlPath path, Problems problems, String what) {
    if (node instanceof Mapping mapping) {
      return Optional.of(new Fields(mapping, path, problems));
    }
    problems.error(node, path, what + " must be a mapping, found " + describe(node));
    return Optional.empty();
  }

  YamlPath path() {
    return path;
  }

  YamlPath path(String key) {
    return path.key(key);
  }

  Mapping mapping() {
    return mapping;
  }

  boolean has(String key) {
    return mapping.get(key).isPresent();
  }

  /** The node of {@code key}, marking it as read. */
  Optional<YamlNode> node(String key) {
    read.add(key);
    return mapping.get(key);
  }

  /** The node of a required {@code key}; reports it missing (at this mapping) when absent. */
  Optional<YamlNode> required(String key) {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      problems.error(mapping, path, "missing required key \"" + key + "\"");
    }
    return node;
  }

  String optionalString(String key) {
    return node(key).map(node -> string(node, path(key), key, false)).orElse(null);
  }

  /** A string that, when present, must not be blank. */
  String nonEmptyString(String key, boolean required) {
    Optional<YamlNode> node = required ? required(key) : node(key);
    return node.map(n -> string(n, path(key), key, true)).orElse(null);
  }

  Double requiredNumber(String key) {
    return required(key).map(node -> number(node, path(key), key)).orElse(null);
  }

  Double optionalNumber(String key) {
    return node(key).map(node -> number(node, path(key), key)).orElse(null);
  }

  Long optionalInteger(String key, long min) {
    return node(key).map(node -> integer(node, path(key), key, min)).orElse(null);
  }

  Boolean optionalBoolean(String key) {
    return node(key)
        .map(
            node -> {
              if (node instanceof Scalar s && s.type() == ScalarType.BOOLEAN) {
                return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
              }
              problems.error(
                  node, path(key), key + " must be true or false, found " + describe(node));
              return null;
            })
        .orElse(null);
  }

  /** Reports every key not read so far, as an error or a warning. */
  void reportUnknownKeys(boolean asErrors, String why) {
    for (Entry entry : mapping.entries()) {
      String key = entry.key().text();
      if (!read.contains(key)) {
        String message = "unknown key \"" + key + "\"" + why;
        if (asErrors) {
          problems.error(entry.key(), path(key), message);
        } else {
          problems.warning(entry.key(), path(key), message);
        }
      }
    }
  }

  /** The keys not read so far, as plain values, in file order. */
  Map<String, Object> unreadAsPlain() {
    Map<String, Object> rest = new LinkedHashMap<>();
    for (Entry entry : mapping.entries()) {
      if (!read.contains(entry.key().text())) {
        rest.put(entry.key().text(), plain(entry.value()));
      }
    }
    return rest;
  }

  // --- typed reads of single nodes, usable outside a mapping too ---

  String string(YamlNode node, YamlPath at, String name, boolean nonEmpty) {
    if (node instanceof Scalar s && !s.isNull()) {
      if (nonEmpty && s.text().isBlank()) {
        problems.error(node, at, name + " must not be empty");
        return null;
      }
      return s.text();
    }
    problems.error(node, at, name + " must be a string, found " + describe(node));
    return null;
  }

  /** {@code node} as a list, or empty (with an error naming {@code name}) when it is not one. */
  Optional<Sequence> list(YamlNode node, YamlPath at, String name) {
    if (node instanceof Sequence sequence) {
      return Optional.of(sequence);
    }
    problems.error(node, at, name + " must be a list, found " + describe(node));
    return Optional.empty();
  }

  Double number(YamlNode node, YamlPath at, String name) {
    if (node instanceof Scalar s
        && !s.quoted()
        && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT)) {
      double value = parseNumber(s);
      if (!Double.isFinite(value)) {
        problems.error(node, at, name + " must be a finite number, found " + s.text());
        return null;
      }
      return value;
    }
    problems.error(node, at, name + " must be a number, found " + describe(node));
    return null;
  }

  Long integer(YamlNode node, YamlPath at, String name, long min) {
    if (node instanceof Scalar s && !s.quoted() && s.type() == ScalarType.INTEGER) {
      BigInteger value = parseInteger(s.text());
      if (value.bitLength() > 63 || value.longValue() < min) {
        problems.error(node, at, name + " must be an integer >= " + min + ", found " + s.text());
        return null;
      }
      return value.longValue();
    }
    problems.error(node, at, name + " must be an integer, found " + describe(node));
    return null;
  }

  /** {@code string "20.9"}, {@code number 3}, {@code mapping}: what a node is, for messages. */
  static String describe(YamlNode node) {
    if (node instanceof Scalar s) {
      return switch (s.type()) {
        case STRING -> "string \"" + abbreviate(s.text()) + "\"";
        case NULL -> "null";
        default -> s.kindName() + " " + abbreviate(s.text());
      };
    }
    return node.kindName();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
  }

  /** The plain JSON-like value of a node: maps, lists, strings, numbers, booleans, null. */
  static Object plain(YamlNode node) {
    if (node instanceof Mapping m) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Entry entry : m.entries()) {
        map.put(entry.key().text(), plain(entry.value()));
      }
      return map;
    }
    if (node instanceof Sequence seq) {
      List<Object> list = new ArrayList<>(seq.items().size());
      for (YamlNode item : seq.items()) {
        list.add(plain(item));
      }
      return list;
    }
    Scalar s = (Scalar) node;
    return switch (s.type()) {
      case STRING -> s.text();
      case NULL -> null;
      case BOOLEAN -> Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
      case INTEGER -> {
        BigInteger value = parseInteger(s.text());
        yield value.bitLength() <= 63 ? (Object) value.longValue() : value;
      }
      case FLOAT -> parseNumber(s);
    };
  }

  static double parseNumber(Scalar s) {
    if (s.type() == ScalarType.INTEGER) {
      return parseInteger(s.text()).doubleValue();
    }
    String text = s.text();
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".nan")) {
      return Double.NaN;
    }
    if (lower.endsWith(".inf")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(text);
  }

  /**
   * YAML 1.2 core integers: decimal with an optional sign, {@code 0o} octal, {@code 0x}
   * hexadecimal.
   */
  static BigInteger parseInteger(String text) {
    if (text.startsWith("0x")) {
      return new BigInteger(text.substring(2), 16);
    }
    if (text.startsWith("0o")) {
      return new BigInteger(text.substring(2), 8);
    }
    return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
  }
}
