package dev.evalhub.domain.webhook;

import dev.evalhub.domain.RepoId;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery waiting in the queue: its id ({@code SEQUENCE-INDEX-WEBHOOK}, the same whenever the
 * event is derived again, so that a receiver can de-duplicate), the webhook, the event's name, the
 * repository the event is about (whose visibility is checked again before each attempt), the exact
 * body to POST, how many attempts were made, when it was queued and when the next attempt is due.
 * Immutable.
 */
public record PendingDelivery(
    String deliveryId,
    String webhookId,
    String event,
    RepoId repo,
    String body,
    int attempts,
    Instant queued,
    Instant due) {

  public PendingDelivery {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(queued, "queued");
    Objects.requireNonNull(due, "due");
    if (!deliveryId.matches("[0-9]+-[0-9]+-[0-9a-f]{24}")) {
      throw new IllegalArgumentException("not a delivery id: \"" + deliveryId + "\"");
    }
  }

  /** The delivery id of the {@code index}-th event derived from ref event {@code sequence}. */
  public static String id(long sequence, int index, String webhookId) {
    return sequence + "-" + index + "-" + webhookId;
  }

  /** This delivery after one more failed attempt, due again at {@code next}. */
  public PendingDelivery retriedAt(Instant next) {
    return new PendingDelivery(
        deliveryId, webhookId, event, repo, body, attempts + 1, queued, next);
  }
}
