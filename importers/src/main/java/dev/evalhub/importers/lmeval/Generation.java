package dev.evalhub.importers.lmeval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * lm-eval's generation settings under the methodology's normalised names: {@code max_gen_toks} is
 * {@code max_tokens}, {@code until} is {@code stop} (always a list of strings); {@code
 * temperature}, {@code top_p}, {@code top_k}, {@code do_sample} and {@code seed} keep their names,
 * and so does every other setting. Stateless.
 */
final class Generation {

  private Generation() {}

  /** Puts {@code settings} (lm-eval's names) into {@code generation}, later ones winning. */
  static void putAll(Map<String, Object> generation, Map<String, Object> settings) {
    settings.forEach((name, value) -> generation.put(normalName(name), normalValue(name, value)));
  }

  private static String normalName(String name) {
    return switch (name) {
      case "max_gen_toks" -> "max_tokens";
      case "until" -> "stop";
      default -> name;
    };
  }

  private static Object normalValue(String name, Object value) {
    if (!name.equals("until")) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> stop = new ArrayList<>();
      list.forEach(item -> stop.add(String.valueOf(item)));
      return stop;
    }
    return List.of(String.valueOf(value));
  }
}
