package dev.evalhub.domain.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The methodology group of a leaderboard row (hub-api.md, Leaderboards rule 3): its {@code
 * framework}, {@code scoring}, {@code num_fewshot}, {@code prompt_sha256}, {@code chat_template}
 * and {@code task_version} values, in that order, a missing one reading {@code unspecified}; its
 * role on the leaderboard (the task's reference, another stated methodology, or results that state
 * none) and a human label of how it differs from the reference ("5-shot, full-answer
 * log-likelihood, lm-evaluation-harness"). Rows are ranked only within their group. Immutable.
 */
public record MethodologyGroup(Map<String, String> values, Role role, String label) {

  /** Where a group stands on its leaderboard: listed in this order. */
  public enum Role {
    /** Matches the task's declared {@code reference} methodology: the default view. */
    REFERENCE,
    /** States a methodology other than the reference (or the task declares none). */
    STATED,
    /** Results that state no methodology at all: never ranked with stated ones. */
    NONE;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public MethodologyGroup {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(label, "label");
  }

  /** A stated group labelled by its values. */
  public MethodologyGroup(Map<String, String> values) {
    this(values, Role.STATED, String.join(", ", values.values()));
  }

  /** The key of the results that state no methodology at all. */
  public static final String NO_METHODOLOGY_KEY = "methodology=none";

  /**
   * The group's key, as the API's {@code group=} parameter takes it: its {@code key=value} pairs in
   * order joined by {@code ;} (a {@code ;} in a value written {@code %3B}), or {@code
   * methodology=none} for results that state no methodology.
   */
  public String key() {
    if (role == Role.NONE) {
      return NO_METHODOLOGY_KEY;
    }
    StringBuilder key = new StringBuilder();
    values.forEach(
        (name, value) ->
            key.append(key.length() == 0 ? "" : ";")
                .append(name)
                .append('=')
                .append(value.replace(";", "%3B")));
    return key.toString();
  }
}
