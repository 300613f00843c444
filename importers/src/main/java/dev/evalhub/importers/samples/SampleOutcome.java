package dev.evalhub.importers.samples;

import java.util.Objects;

/**
 * What {@link SampleReaders#read} made of a details file: the per-item scores, or the reason it
 * could not (one sentence naming the line, entry or instance at fault). Immutable.
 */
public sealed interface SampleOutcome {

  /** The file was read: its per-item scores. */
  record Read(SampleScores scores) implements SampleOutcome {
    public Read {
      Objects.requireNonNull(scores, "scores");
    }
  }

  /** The file could not be read; {@code reason} says why and where. */
  record Failed(String reason) implements SampleOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
