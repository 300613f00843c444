package dev.evalhub.storage.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file held exclusively while an action runs: by one thread of this process (a JVM-wide monitor
 * per path, since a second lock on the same file in one JVM would throw), and by one process (an OS
 * file lock). Thread-safe.
 */
public final class ExclusiveFile {

  /** What runs while the file is held; it gets the open channel. */
  @FunctionalInterface
  public interface Action<T> {
    T run(FileChannel channel) throws IOException;
  }

  /**
   * The monitor of each path in use. Weak values: an entry lives while an {@code ExclusiveFile} of
   * its path does (each holds its monitor), so the map is bounded by the files in use, not by every
   * path ever opened.
   */
  private static final Cache<Path, Object> MONITORS = Caffeine.newBuilder().weakValues().build();

  private final Path path;
  private final Object monitor;

  public ExclusiveFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
    this.monitor = MONITORS.get(this.path, p -> new Object());
  }

  /** How many paths have a monitor now (for tests of the bound). */
  static long monitors() {
    MONITORS.cleanUp();
    return MONITORS.estimatedSize();
  }

  @SuppressWarnings("try") // the lock is held for the try block's duration, never referenced in it
  public <T> T hold(Action<T> action) throws IOException {
    synchronized (monitor) {
      try (FileChannel channel =
              FileChannel.open(
                  path,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return action.run(channel);
      }
    }
  }
}
