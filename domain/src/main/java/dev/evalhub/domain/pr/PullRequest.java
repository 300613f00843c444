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
 * Immutable.
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
    Optional<String> head) {

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
        number, title, description, author, next, isPullRequest, created, event.time(), more, head);
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
        newHead);
  }
}
