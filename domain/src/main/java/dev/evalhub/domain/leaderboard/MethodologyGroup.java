package dev.evalhub.domain.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The methodology group of a leaderboard row (hub-api.md, Leaderboards rule 3): its {@code
 * framework}, {@code scoring}, {@code num_fewshot}, {@code prompt_sha256} and {@code chat_template}
 * values, in that order, a missing one reading {@code unspecified}. Rows are ranked only within
 * their group. Immutable.
 */
public record MethodologyGroup(Map<String, String> values) {

  public MethodologyGroup {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
