package dev.evalhub.domain.mirror;

import java.util.Objects;

/** A mirror and what its refreshes found. Immutable. */
public record MirrorStatus(Mirror mirror, MirrorState state) {
  public MirrorStatus {
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(state, "state");
  }
}
