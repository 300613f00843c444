package dev.evalhub.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the hub answers more requests than it can serve at once: at most {@code maxActiveRequests}
 * are handled at a time; up to {@code maxQueuedRequests} more wait, without a thread, for at most
 * {@code maxQueueWait} each; a request beyond the queue, or one that waited that long, is answered
 * {@code 503} with {@code Retry-After: retryAfter} (whole seconds) — a retryable error for clients
 * and load balancers, instead of a connection closed unanswered at the idle timeout. Immutable.
 */
public record OverloadLimits(
    int maxActiveRequests, int maxQueuedRequests, Duration maxQueueWait, Duration retryAfter) {

  /**
   * 200 requests at a time (Jetty's pool has 250 threads: the rest read, write and refuse), 2,000
   * waiting at most 10 s each, retry after 1 s.
   */
  public static final OverloadLimits DEFAULT =
      new OverloadLimits(200, 2_000, Duration.ofSeconds(10), Duration.ofSeconds(1));

  public OverloadLimits {
    Objects.requireNonNull(maxQueueWait, "maxQueueWait");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (maxActiveRequests < 1) {
      throw new IllegalArgumentException(
          "maxActiveRequests must be positive, got " + maxActiveRequests);
    }
    if (maxQueuedRequests < 0) {
      throw new IllegalArgumentException(
          "maxQueuedRequests must be 0 or more, got " + maxQueuedRequests);
    }
    if (maxQueueWait.isNegative() || maxQueueWait.isZero()) {
      throw new IllegalArgumentException("maxQueueWait must be positive, got " + maxQueueWait);
    }
    if (retryAfter.isNegative() || retryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException("retryAfter must be at least a second, got " + retryAfter);
    }
  }
}
