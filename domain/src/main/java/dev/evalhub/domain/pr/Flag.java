package dev.evalhub.domain.pr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a discussion record a flag (issue 14): its category, the result it targets, the links
 * given as evidence (the evidence text is the record's description), and its resolution once a
 * writer of the model resolved it. Immutable.
 */
public record Flag(
    FlagCategory category, FlagTarget target, List<String> links, Optional<Resolution> resolution) {

  public Flag {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(target, "target");
    links = List.copyOf(links);
    Objects.requireNonNull(resolution, "resolution");
  }

  /** Open until resolved, then the resolution's outcome. */
  public FlagStatus status() {
    return resolution.map(Resolution::outcome).orElse(FlagStatus.OPEN);
  }

  public Flag resolved(Resolution value) {
    return new Flag(category, target, links, Optional.of(value));
  }

  /** Who resolved the flag, when, and how ({@link FlagStatus#UPHELD} or {@code REJECTED}). */
  public record Resolution(FlagStatus outcome, String account, Instant time) {
    public Resolution {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(time, "time");
      if (outcome == FlagStatus.OPEN) {
        throw new IllegalArgumentException("a resolution is upheld or rejected");
      }
    }
  }
}
