package dev.evalhub.domain.pr;

import java.util.Locale;
import java.util.Optional;

/** Where a discussion or pull request stands; {@code merged} only for pull requests. */
public enum PrStatus {
  OPEN,
  CLOSED,
  MERGED;

  /**
   * {@code open}, {@code closed} or {@code merged}: the word of the Hugging Face API and of the
   * record.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<PrStatus> fromId(String id) {
    for (PrStatus status : values()) {
      if (status.id().equals(id)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
