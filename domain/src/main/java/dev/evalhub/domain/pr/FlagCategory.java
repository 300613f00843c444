package dev.evalhub.domain.pr;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a result is flagged: its training data saw the benchmark ({@code contamination}), it cannot
 * be reproduced ({@code irreproducible}), it was measured against the benchmark's methodology
 * ({@code wrong-methodology}), or something else ({@code other}).
 */
public enum FlagCategory {
  CONTAMINATION,
  IRREPRODUCIBLE,
  WRONG_METHODOLOGY,
  OTHER;

  /** The spelling of the API and of the record: {@code wrong-methodology}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<FlagCategory> fromId(String id) {
    for (FlagCategory category : values()) {
      if (category.id().equals(id)) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }
}
