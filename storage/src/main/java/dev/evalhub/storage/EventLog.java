package dev.evalhub.storage;

import dev.evalhub.domain.RefEvent;
import dev.evalhub.storage.internal.CrashPoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, append-only log of every accepted ref update of the hub, numbered 1, 2, 3, ...
 * across every process of the hub. Where the events are kept is its {@link EventStore}: {@code
 * events.log} in the data folder by default ({@link FileEventStore}), a table of the index database
 * when the index is PostgreSQL and several instances share the hub ({@link #use}). A consumer
 * remembers the last sequence number it handled and calls {@link #readAfter} after a restart to
 * catch up; in-process listeners hear of events appended by this process as they happen.
 * Thread-safe.
 */
public final class EventLog {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  private final Clock clock;
  private final List<Consumer<RefEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<RefEvent.Pending>>> failureListeners =
      new CopyOnWriteArrayList<>();
  private volatile EventStore store;

  EventLog(Path file, Clock clock) {
    this.clock = clock;
    this.store = new FileEventStore(file);
  }

  /**
   * Keeps the events in {@code replacement} from now on (for the SQL store of a hub on PostgreSQL);
   * called once while the hub opens, before anything is appended.
   */
  public void use(EventStore replacement) {
    this.store = Objects.requireNonNull(replacement, "replacement");
  }

  /** Where the events are kept now. */
  public EventStore store() {
    return store;
  }

  /**
   * Calls {@code listener} with each event this process appends from now on, after it is durable.
   */
  public void addListener(Consumer<RefEvent> listener) {
    listeners.add(listener);
  }

  /**
   * Calls {@code listener} with the events of each append of this process that failed (the store
   * threw): their refs have moved already and no event tells of it, so the listener has the
   * repositories compared with the index again.
   */
  public void addFailureListener(Consumer<List<RefEvent.Pending>> listener) {
    failureListeners.add(listener);
  }

  /**
   * Appends the events, in order, and returns them with their sequence numbers. When the store
   * fails, the failure listeners hear of the events, then the failure is thrown.
   */
  public List<RefEvent> append(List<RefEvent.Pending> pending) {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<RefEvent> appended;
    try {
      appended = store.append(pending, clock.instant());
    } catch (RuntimeException e) {
      for (Consumer<List<RefEvent.Pending>> listener : failureListeners) {
        try {
          listener.accept(pending);
        } catch (RuntimeException failure) {
          e.addSuppressed(failure);
        }
      }
      throw e;
    }
    CrashPoint.reached("event-appended");
    for (RefEvent event : appended) {
      notifyListeners(event);
    }
    CrashPoint.reached("event-ingested");
    return appended;
  }

  /**
   * The sequence number of the last event appended by any process (0 before the first): the log's
   * position.
   */
  public long lastSequence() {
    return store.lastSequence();
  }

  /**
   * A cheap stamp of the log (for the file: its size and modification time, empty before the first
   * append; for a table: its last sequence number) that changes whenever any process appends: what
   * a consumer polls to notice other processes' events. Compare with {@code equals}.
   */
  public String stamp() {
    return store.stamp();
  }

  /**
   * Every event with a sequence number above {@code sequence}, in order: what a consumer missed.
   */
  public List<RefEvent> readAfter(long sequence) {
    return store.readAfter(sequence);
  }

  private void notifyListeners(RefEvent event) {
    for (Consumer<RefEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        // A failing consumer must not fail the push that is already durable; it can catch up with
        // readAfter.
        LOG.warn("ref event listener failed on event {}", event.sequence(), e);
      }
    }
  }
}
