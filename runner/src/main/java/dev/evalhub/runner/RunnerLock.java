package dev.evalhub.runner;

import dev.evalhub.domain.HubException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of the one runner of a data folder: an OS file lock on {@code
 * DATA/runner/runner.lock}, which the OS releases when the process dies ({@code kill -9} too), so a
 * stale file never blocks the next runner. The file holds the pid of the holder, for the message.
 * Not thread-safe; one per runner.
 */
final class RunnerLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunnerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code file}.
   *
   * @throws HubException CONFLICT when another runner holds it
   */
  static RunnerLock acquire(Path file) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw HubException.conflict(
            "another runner works on this data folder"
                + (holder.isEmpty() ? "" : " (process " + holder + ")")
                + "; stop it, or run serve with --runner=off");
      }
      channel.truncate(0);
      channel.write(
          java.nio.ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new RunnerLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases it with the process
    }
  }
}
