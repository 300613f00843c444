package dev.evalhub.domain.index;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One serving instance of the hub as it sees itself: its id, whether it leads ingestion (the one
 * instance that applies ref events to a shared index; a single instance always does), since when,
 * and how far the event log and the index have come. Immutable.
 *
 * @param instance the instance's id, unique among the instances of one hub ({@code pid@host} by
 *     default)
 * @param leader whether this instance leads ingestion now
 * @param leaderSince when it became the leader; empty while it follows
 * @param eventLogPosition the sequence number of the last event appended to the hub's event log (0
 *     before the first)
 * @param indexPosition the sequence number of the last event the index applied
 */
public record InstanceStatus(
    String instance,
    boolean leader,
    Optional<Instant> leaderSince,
    long eventLogPosition,
    long indexPosition) {

  public InstanceStatus {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(leaderSince, "leaderSince");
  }

  /** Events appended but not applied to the index yet (never negative). */
  public long ingestionLag() {
    return Math.max(0, eventLogPosition - indexPosition);
  }
}
