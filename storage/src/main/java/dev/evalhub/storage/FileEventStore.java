package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The event store of the embedded default: one tab-separated line per event in {@code events.log},
 * appended under an exclusive file lock (the CLI and a server may both append), read from the
 * file's tail for the last sequence number, and forced to disk before an append returns; a torn
 * last line (a crash mid-append, never acknowledged) is cut off by the next append. Thread-safe.
 */
public final class FileEventStore implements EventStore {

  private static final int TAIL_BYTES = 8192;

  private final Path file;
  private final ExclusiveFile lock;

  /** The store of the file {@code file} (created by the first append). */
  public FileEventStore(Path file) {
    this.file = file;
    this.lock = new ExclusiveFile(file);
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public List<RefEvent> append(List<RefEvent.Pending> pending, Instant now) {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<RefEvent> appended = new ArrayList<>();
    try {
      lock.hold(
          channel -> {
            long sequence = lastSequence(channel);
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
    return appended;
  }

  /** The log's position, read from the end of the file. */
  @Override
  public long lastSequence() {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return lock.hold(FileEventStore::lastSequence);
    } catch (IOException e) {
      throw new StorageException("cannot read the event log " + file, e);
    }
  }

  /** The file's size and modification time; empty before the first append. */
  @Override
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

  @Override
  public List<RefEvent> readAfter(long sequence) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> !line.isEmpty())
          .map(FileEventStore::parse)
          .filter(event -> event.sequence() > sequence)
          .toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of(); // renamed or removed since the check above: as if it never existed
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("cannot read the event log " + file, e);
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

  /** The line of {@code e} in the file, without its newline. */
  public static String format(RefEvent e) {
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

  /** The event of one line of the file; a corrupt line is a {@link StorageException}. */
  public static RefEvent parse(String line) {
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
