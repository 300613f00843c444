package dev.evalhub.domain.pr;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a discussion or pull request record, with the authenticated account that caused it
 * and its time: a comment (its text), a push to {@code refs/pr/N} (old and new head, and the new
 * head's subject as text), a status change (the new status), or a merge (the merge commit on main
 * as new id). Fields that a kind does not use are empty strings. Immutable.
 */
public record PrEvent(
    Kind kind,
    String actor,
    Instant time,
    String text,
    String oldId,
    String newId,
    Optional<PrStatus> status) {

  /** What happened. */
  public enum Kind {
    COMMENT,
    PUSH,
    STATUS_CHANGE,
    MERGE;

    /**
     * {@code comment}, {@code push}, {@code status-change}, {@code merge}: the record's spelling.
     */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Optional<Kind> fromId(String id) {
      for (Kind kind : values()) {
        if (kind.id().equals(id)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  public PrEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(oldId, "oldId");
    Objects.requireNonNull(newId, "newId");
    Objects.requireNonNull(status, "status");
    if ((kind == Kind.STATUS_CHANGE) != status.isPresent()) {
      throw new IllegalArgumentException("a status change, and only it, names a status: " + kind);
    }
  }

  public static PrEvent comment(String actor, Instant time, String text) {
    return new PrEvent(Kind.COMMENT, actor, time, text, "", "", Optional.empty());
  }

  public static PrEvent push(
      String actor, Instant time, String oldId, String newId, String subject) {
    return new PrEvent(Kind.PUSH, actor, time, subject, oldId, newId, Optional.empty());
  }

  public static PrEvent statusChange(String actor, Instant time, PrStatus status) {
    return new PrEvent(Kind.STATUS_CHANGE, actor, time, "", "", "", Optional.of(status));
  }

  public static PrEvent merge(String actor, Instant time, String mergeCommit) {
    return new PrEvent(Kind.MERGE, actor, time, "", "", mergeCommit, Optional.empty());
  }
}
