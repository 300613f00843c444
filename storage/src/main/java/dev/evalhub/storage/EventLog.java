package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.internal.ExclusiveFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, append-only log of every accepted ref update of the hub, one tab-separated line per
 * event in {@code events.log}, numbered 1, 2, 3, ... A consumer remembers the last sequence number
 * it handled and calls {@link #readAfter} after a restart to catch up; in-process listeners hear of
 * events appended by this process as they happen. Appends are serialised across processes with a
 * file lock and forced to disk before they return. Thread-safe.
 */
public final class EventLog {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final int TAIL_BYTES = 8192;

  private final Path file;
  private final Clock clock;
  private final ExclusiveFile lock;
  private final List<Consumer<RefEvent>> listeners = new CopyOnWriteArrayList<>();

  EventLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    this.lock = new ExclusiveFile(file);
  }

  /**
   * Calls {@code listener} with each event this process appends from now on, after it is on disk.
   */
  public void addListener(Consumer<RefEvent> listener) {
    listeners.add(listener);
  }

  /** Appends the events, in order, and returns them with their sequence numbers. */
  public List<RefEvent> append(List<RefEvent.Pending> pending) {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<RefEvent> appended = new ArrayList<>();
    try {
      lock.hold(
          channel -> {
            long sequence = lastSequence(channel);
            Instant now = clock.instant();
            StringBuilder lines = new StringBuilder();
            for (RefEvent.Pending p : pending) {
              RefEvent event =
                  new RefEvent(++sequence, p.repo(), p.ref(), p.oldId(), p.newId(), p.actor(), now);
              appended.add(event);
              lines.append(format(event)).append('\n');
            }
            channel.position(channel.size());
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
              channel.write(bytes);
            }
            channel.force(true);
            return null;
          });
    } catch (IOException e) {
      throw new StorageException("cannot append to the event log " + file, e);
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
   * position, read from the end of the file.
   */
  public long lastSequence() {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return lock.hold(EventLog::lastSequence);
    } catch (IOException e) {
      throw new StorageException("cannot read the event log " + file, e);
    }
  }

  /**
   * A cheap stamp of the log file (its size and modification time; empty before the first append)
   * that changes whenever any process appends: what a consumer polls to notice other processes'
   * events without reading the file. Compare with {@code equals}.
   */
  public String stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new StorageException("cannot read the attributes of the event log " + file, e);
    }
  }

  /**
   * Every event with a sequence number above {@code sequence}, in order: what a consumer missed.
   */
  public List<RefEvent> readAfter(long sequence) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> !line.isEmpty())
          .map(EventLog::parse)
          .filter(event -> event.sequence() > sequence)
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("cannot read the event log " + file, e);
    }
  }

  private void notifyListeners(RefEvent event) {
    for (Consumer<RefEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        // A failing consumer must not fail the push that is already on disk; it can catch up with
        // readAfter.
        LOG.warn("ref event listener failed on event {}", event.sequence(), e);
      }
    }
  }

  /**
   * The sequence number of the last complete line, read from the end of the file. A torn last line
   * (a crash during an append, before it was acknowledged) is cut off first.
   */
  private static long lastSequence(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0) {
      return 0;
    }
    int length = (int) Math.min(size, TAIL_BYTES);
    ByteBuffer tail = ByteBuffer.allocate(length);
    channel.read(tail, size - length);
    String text = new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1);
    int end = text.lastIndexOf('\n');
    if (end < text.length() - 1) {
      channel.truncate(size - length + end + 1);
      if (end < 0) {
        return 0;
      }
    }
    int start = text.lastIndexOf('\n', end - 1) + 1;
    String last = text.substring(start, end);
    return Long.parseLong(last.substring(0, last.indexOf('\t')));
  }

  private static String format(RefEvent e) {
    return String.join(
        "\t",
        Long.toString(e.sequence()),
        e.time().toString(),
        e.repo().urlPath(),
        e.ref().name(),
        e.oldId().hex(),
        e.newId().hex(),
        e.actor().name());
  }

  private static RefEvent parse(String line) {
    String[] f = line.split("\t", -1);
    RepoId repo =
        RepoId.parsePath(f[2])
            .orElseThrow(() -> new StorageException("corrupt event log line: " + line, null));
    try {
      return new RefEvent(
          Long.parseLong(f[0]),
          repo,
          new RefName(f[3]),
          CommitId.parse(f[4]),
          CommitId.parse(f[5]),
          new AccountName(f[6]),
          Instant.parse(f[1]));
    } catch (HubException e) {
      throw new StorageException("corrupt event log line: " + line, e);
    }
  }
}
