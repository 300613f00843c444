package dev.evalhub.server;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of {@code evalhub serve}: its key (the config file's key and the flag's name without
 * {@code --}), its environment variable, how its text is parsed, its default and the rule a value
 * must meet, spelled as {@code requirement} in the error ("KEY must be REQUIREMENT, got VALUE (from
 * SOURCE)"). {@link SettingSources#get} resolves it. Immutable.
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

  /** Free text (stripped), {@code fallback} when none is given. */
  static Setting<String> text(String key, String env, String fallback) {
    return new Setting<>(key, env, Function.identity(), fallback, v -> true, "text");
  }

  /** A word {@code parser} reads, which throws a precise {@link IllegalArgumentException}. */
  static <T> Setting<T> word(String key, String env, Function<String, T> parser, T fallback) {
    return new Setting<>(key, env, parser, fallback, v -> true, "a known word");
  }

  /** A whole number (a {@code long}) that meets {@code rule}. */
  static Setting<Long> number(
      String key, String env, long fallback, Predicate<Long> rule, String requirement) {
    return new Setting<>(key, env, Long::valueOf, fallback, rule, requirement);
  }

  /** A whole number of seconds that meets {@code rule}. */
  static Setting<Duration> seconds(
      String key, String env, Duration fallback, Predicate<Duration> rule, String requirement) {
    return new Setting<>(
        key, env, text -> Duration.ofSeconds(Long.parseLong(text)), fallback, rule, requirement);
  }

  /** Positive: more than 0. */
  static boolean positive(long value) {
    return value > 0;
  }

  /** 0 or more. */
  static boolean notNegative(long value) {
    return value >= 0;
  }
}
