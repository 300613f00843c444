package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lm-eval's command-line argument strings ({@code --model_args}, {@code --gen_kwargs}): {@code
 * "k=v,k=v"} (or already an object), with values typed as lm-eval's {@code
 * simple_parse_args_string} types them: {@code True}/{@code False} are booleans, {@code None} is
 * dropped, whole numbers are integers, other numbers are decimals, the rest stays text. Stateless.
 */
final class KeyValueArgs {

  private KeyValueArgs() {}

  /** The arguments of a {@code "k=v,k=v"} string; a piece without {@code =} is ignored. */
  static Map<String, Object> parse(String text) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (String piece : text.split(",")) {
      int equals = piece.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = piece.substring(0, equals).strip();
      Object value = typed(piece.substring(equals + 1).strip());
      if (value != null) {
        args.put(key, value);
      }
    }
    return args;
  }

  /** The arguments of an object (as plain values) or of a string; empty for anything else. */
  static Map<String, Object> of(JsonNode node) {
    if (node == null) {
      return Map.of();
    }
    if (node.isTextual()) {
      return parse(node.textValue());
    }
    Map<String, Object> args = new LinkedHashMap<>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              member -> {
                Object value = PromptHash.plain(member.getValue());
                if (value != null) {
                  args.put(member.getKey(), value);
                }
              });
    }
    return args;
  }

  private static Object typed(String value) {
    if (value.equals("True") || value.equals("true")) {
      return true;
    }
    if (value.equals("False") || value.equals("false")) {
      return false;
    }
    if (value.equals("None") || value.isEmpty()) {
      return null;
    }
    if (value.matches("[+-]?\\d{1,18}")) {
      return Long.parseLong(value);
    }
    if (value.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?")) {
      double number = Double.parseDouble(value);
      if (Double.isFinite(number)) {
        return number;
      }
    }
    return value;
  }
}
