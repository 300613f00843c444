package dev.evalhub.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted ref update, as recorded in the event log: its sequence number (1, 2, 3, ... across
 * the whole hub), the repository and ref, the old and new commit ids ({@link CommitId#ZERO} for a
 * created or deleted ref), who did it and when. Immutable.
 */
public record RefEvent(
    long sequence,
    RepoId repo,
    RefName ref,
    CommitId oldId,
    CommitId newId,
    AccountName actor,
    Instant time) {

  public RefEvent {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(oldId, "oldId");
    Objects.requireNonNull(newId, "newId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
  }

  /** An update to record, before the log gives it a sequence number. Immutable. */
  public record Pending(
      RepoId repo, RefName ref, CommitId oldId, CommitId newId, AccountName actor) {
    public Pending {
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(oldId, "oldId");
      Objects.requireNonNull(newId, "newId");
      Objects.requireNonNull(actor, "actor");
    }
  }
}
