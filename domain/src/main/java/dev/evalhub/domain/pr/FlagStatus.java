package dev.evalhub.domain.pr;

import java.util.Locale;

/**
 * Where a flag stands: {@code open}, or resolved by a writer of the model as {@code upheld} (the
 * result is marked and leaves the default leaderboard) or {@code rejected} (the flag stays visible
 * on the result). A resolution is final.
 */
public enum FlagStatus {
  OPEN,
  UPHELD,
  REJECTED;

  /** {@code open}, {@code upheld}, {@code rejected}: the spelling of the API and of the record. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static java.util.Optional<FlagStatus> fromId(String id) {
    for (FlagStatus status : values()) {
      if (status.id().equals(id)) {
        return java.util.Optional.of(status);
      }
    }
    return java.util.Optional.empty();
  }
}
