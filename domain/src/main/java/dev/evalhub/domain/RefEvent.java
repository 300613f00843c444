package dev.evalhub.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted ref update, as recorded in the event log: its sequence number (1, 2, 3, ... across the whole hub),
 * the repository and ref, the old and new commit ids (40 zeros for a created or deleted ref), who did it and when.
 * Immutable.
 */
public record RefEvent(long sequence, RepoId repo, String ref, String oldId, String newId, String actor,
    Instant time) {

  /** The id git uses for "no commit": the old id of a created ref, the new id of a deleted one. */
  public static final String ZERO_ID = "0".repeat(40);

  public RefEvent {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(oldId, "oldId");
    Objects.requireNonNull(newId, "newId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
  }

  /** An update to record, before the log gives it a sequence number. */
  public record Pending(RepoId repo, String ref, String oldId, String newId, String actor) {}
}
