package dev.evalhub.storage;

import dev.evalhub.domain.RefEvent;
import java.time.Instant;
import java.util.List;

/**
 * Where a hub's ref-change events are kept, numbered 1, 2, 3, ... across every process that
 * appends: {@link FileEventStore} ({@code events.log} in the data folder, the embedded default) or
 * a SQL table when the index is PostgreSQL (the index module's {@code SqlEventStore}, which {@code
 * EvalHub.open} installs with {@link EventLog#use}). {@link EventLog} adds the in-process listeners
 * on top. Implementations are thread-safe and safe across processes.
 */
public interface EventStore {

  /**
   * Appends the events, in order, all at {@code time}, durably (on disk, or committed) before
   * returning them with their sequence numbers: dense, ascending, never given twice, across every
   * process appending to the same store. Throws {@link StorageException} when that fails (then no
   * event was appended).
   */
  List<RefEvent> append(List<RefEvent.Pending> pending, Instant time);

  /** The sequence number of the last event appended by any process (0 before the first). */
  long lastSequence();

  /** Every event with a sequence number above {@code sequence}, in order. */
  List<RefEvent> readAfter(long sequence);

  /**
   * A cheap value that changes whenever any process appends (compare with {@code equals}): what a
   * consumer polls to notice other processes' events.
   */
  String stamp();

  /** A short description for logs and messages, such as the file's path or the table's name. */
  String describe();
}
