package dev.evalhub.server;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of {@code evalhub serve}: its key (the config file's key and the flag's name without
 * {@code --}), its environment variable, how its text is parsed, its default and the rule a value
 * must meet, spelled as {@code requirement} in the error ("KEY must be REQUIREMENT, got "TEXT"
 * (from SOURCE)"). {@link SettingSources#get} resolves it. Immutable.
 *
 * @param <T> the value's type
 */
record Setting<T>(
    String key,
    String env,
    Function<String, T> parser,
    T fallback,
    Predicate<T> rule,
    String requirement) {

  Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(requirement, "requirement");
  }

  /**
   * The range a whole-number setting must lie in, {@code min} to {@code max} inclusive, and how an
   * error spells it. Immutable.
   */
  record Bound(long min, long max, String requirement) {

    /** More than 0. */
    static final Bound POSITIVE = new Bound(1, Long.MAX_VALUE, "positive");

    /** 0 or more. */
    static final Bound NOT_NEGATIVE = new Bound(0, Long.MAX_VALUE, "0 or more");

    /** A size limit: 0 for none, else positive. */
    static final Bound LIMIT = new Bound(0, Long.MAX_VALUE, "0 (no limit) or positive");

    /** {@code min} to {@code max}. */
    static Bound range(long min, long max) {
      return new Bound(min, max, min + " to " + max);
    }

    boolean holds(long value) {
      return value >= min && value <= max;
    }
  }

  /** Free text (stripped), {@code fallback} when none is given. */
  static Setting<String> text(String key, String env, String fallback) {
    return new Setting<>(key, env, Function.identity(), fallback, v -> true, "text");
  }

  /** A word {@code parser} reads, which throws a precise {@link IllegalArgumentException}. */
  static <T> Setting<T> word(String key, String env, Function<String, T> parser, T fallback) {
    return new Setting<>(key, env, parser, fallback, v -> true, "a known word");
  }

  /** A whole number within {@code bound}. */
  static Setting<Long> number(String key, String env, long fallback, Bound bound) {
    return new Setting<>(key, env, Long::valueOf, fallback, bound::holds, bound.requirement());
  }

  /**
   * A whole number within {@code bound} that fits an {@code int} (one that does not is refused with
   * the bound's requirement, as if out of it).
   */
  static Setting<Integer> integer(String key, String env, int fallback, Bound bound) {
    return new Setting<>(
        key, env, Integer::valueOf, fallback, value -> bound.holds(value), bound.requirement());
  }

  /** A whole number of seconds within {@code bound}. */
  static Setting<Duration> seconds(String key, String env, Duration fallback, Bound bound) {
    return new Setting<>(
        key,
        env,
        text -> Duration.ofSeconds(Long.parseLong(text)),
        fallback,
        duration -> bound.holds(duration.getSeconds()),
        bound.requirement());
  }
}
