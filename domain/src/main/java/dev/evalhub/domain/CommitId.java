package dev.evalhub.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * A git commit id: 40 lower-case hexadecimal digits (SHA-1). {@link #ZERO} is git's "no commit",
 * the old id of a created ref and the new id of a deleted one. Immutable.
 */
public record CommitId(String hex) {

  /** The id git uses for "no commit". */
  public static final CommitId ZERO = new CommitId("0".repeat(40));

  public CommitId {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 40
        || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw HubException.invalid(
          "a commit id is 40 lower-case hexadecimal digits, got \"" + hex + "\"");
    }
  }

  /** Parses 40 hexadecimal digits in either case; anything else is INVALID. */
  public static CommitId parse(String text) {
    Objects.requireNonNull(text, "text");
    return new CommitId(text.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code text} is 40 hexadecimal digits in either case. */
  public static boolean isCommitId(String text) {
    return text.length() == 40 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  /** The first {@code n} digits, for messages and logs. */
  public String abbreviate(int n) {
    return hex.substring(0, Math.min(n, hex.length()));
  }

  @Override
  public String toString() {
    return hex;
  }
}
