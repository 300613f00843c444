package dev.evalhub.domain.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to deliver an event to a webhook, as its delivery log keeps it: when, the delivery
 * id, the event ({@code result.added}, ...), the attempt (1, 2, ...), the receiver's HTTP status or
 * the error (a timeout, a refused connection), how long it took, and what follows ({@code
 * delivered}, {@code retry}, {@code failed} after the last attempt). Immutable.
 */
public record DeliveryAttempt(
    Instant time,
    String deliveryId,
    String event,
    int attempt,
    Optional<Integer> status,
    Optional<String> error,
    long durationMillis,
    String outcome) {

  public DeliveryAttempt {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(outcome, "outcome");
  }
}
