package dev.evalhub.domain.pr;

import dev.evalhub.domain.PrNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A discussion or pull request as its record on {@code refs/meta/pr/N} states it: number, title,
 * description, author, status, whether it is a pull request (a plain discussion has no code),
 * creation and last update times, and every event in order. {@code head} is the commit {@code
 * refs/pr/N} points at (empty for a discussion, or for a pull request nothing was pushed to yet).
 * {@code flag} is present when the record is a flag raised against a result (issue 14): a
 * discussion of its own kind ({@link #kind()}), in the same numbering. Immutable.
 */
public record PullRequest(
    PrNumber number,
    String title,
    String description,
    String author,
    PrStatus status,
    boolean isPullRequest,
    Instant created,
    Instant updated,
    List<PrEvent> events,
    Optional<String> head,
    Optional<Flag> flag) {

  /** What a record is: {@code discussion}, {@code pull-request} or {@code flag}. */
  public enum Kind {
    DISCUSSION,
    PULL_REQUEST,
    FLAG;

    /** The record's spelling: {@code discussion}, {@code pull-request}, {@code flag}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A discussion or pull request (no flag). */
  public PullRequest(
      PrNumber number,
      String title,
      String description,
      String author,
      PrStatus status,
      boolean isPullRequest,
      Instant created,
      Instant updated,
      List<PrEvent> events,
      Optional<String> head) {
    this(
        number,
        title,
        description,
        author,
        status,
        isPullRequest,
        created,
        updated,
        events,
        head,
        Optional.empty());
  }

  public PullRequest {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(head, "head");
    events = List.copyOf(events);
    Objects.requireNonNull(flag, "flag");
    if (flag.isPresent() && isPullRequest) {
      throw new IllegalArgumentException("a flag is not a pull request");
    }
  }

  /** Whether this record is a discussion, a pull request or a flag. */
  public Kind kind() {
    return flag.isPresent() ? Kind.FLAG : isPullRequest ? Kind.PULL_REQUEST : Kind.DISCUSSION;
  }

  /** This record with its flag fields replaced. */
  public PullRequest withFlag(Optional<Flag> value) {
    return new PullRequest(
        number,
        title,
        description,
        author,
        status,
        isPullRequest,
        created,
        updated,
        events,
        head,
        value);
  }

  /** The commit on main that merged this pull request, when it is merged. */
  public Optional<String> mergeCommit() {
    return events.stream()
        .filter(e -> e.kind() == PrEvent.Kind.MERGE)
        .map(PrEvent::newId)
        .reduce((a, b) -> b);
  }

  /**
   * This record with {@code event} appended, the status it implies, and {@code updated} at its
   * time.
   */
  public PullRequest with(PrEvent event) {
    List<PrEvent> more = new java.util.ArrayList<>(events);
    more.add(event);
    PrStatus next = event.status().orElse(status);
    return new PullRequest(
        number,
        title,
        description,
        author,
        next,
        isPullRequest,
        created,
        event.time(),
        more,
        head,
        flag);
  }

  public PullRequest withHead(Optional<String> newHead) {
    return new PullRequest(
        number,
        title,
        description,
        author,
        status,
        isPullRequest,
        created,
        updated,
        events,
        newHead,
        flag);
  }
}
