package dev.evalhub.index.internal;

import dev.evalhub.formats.model.Methodology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methodology group of a result (hub-api.md, Leaderboards rule 3): its {@code framework},
 * {@code scoring}, {@code num_fewshot}, {@code prompt_sha256} and {@code chat_template}, a missing
 * value counting as {@code unspecified}. Encoded as {@code key=value} pairs joined by {@code ;} for
 * storage. Stateless.
 */
public final class MethodologyGroup {

  public static final String UNSPECIFIED = "unspecified";
  private static final List<String> KEYS =
      List.of("framework", "scoring", "num_fewshot", "prompt_sha256", "chat_template");

  private MethodologyGroup() {}

  public static String keyOf(Methodology methodology) {
    StringBuilder key = new StringBuilder();
    for (String name : KEYS) {
      Object value = methodology == null ? null : methodology.fields().get(name);
      String text =
          value == null
              ? UNSPECIFIED
              : value instanceof Number n ? Long.toString(n.longValue()) : value.toString();
      key.append(key.length() == 0 ? "" : ";")
          .append(name)
          .append('=')
          .append(text.replace(";", "%3B"));
    }
    return key.toString();
  }

  /** The group key back as the domain's group. */
  public static dev.evalhub.domain.leaderboard.MethodologyGroup decode(String key) {
    Map<String, String> group = new LinkedHashMap<>();
    for (String pair : key.split(";")) {
      int equals = pair.indexOf('=');
      group.put(pair.substring(0, equals), pair.substring(equals + 1).replace("%3B", ";"));
    }
    return new dev.evalhub.domain.leaderboard.MethodologyGroup(group);
  }
}
