package dev.evalhub.domain.mirror;

import java.util.Locale;
import java.util.Optional;

/**
 * How a mirror reads its source: {@link #GIT} fetches {@code main} with its history over smart HTTP
 * (an evalhub, or the Hugging Face Hub's git); {@link #API} lists the files through the Hugging
 * Face API and downloads the ones the hub reads, one local commit per source revision.
 */
public enum MirrorKind {
  GIT,
  API;

  /** The lower-case name used in records, flags and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code id} ({@code git} or {@code api}), or empty. */
  public static Optional<MirrorKind> parse(String id) {
    for (MirrorKind kind : values()) {
      if (kind.id().equals(id)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
