package dev.evalhub.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A file held exclusively while an action runs: by one thread of this process (a JVM-wide monitor per path, since
 * a second lock on the same file in one JVM would throw), and by one process (an OS file lock). Thread-safe.
 */
public final class ExclusiveFile {

  /** What runs while the file is held; it gets the open channel. */
  @FunctionalInterface
  public interface Action<T> {
    T run(FileChannel channel) throws IOException;
  }

  private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path path;
  private final Object monitor;

  public ExclusiveFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
    this.monitor = MONITORS.computeIfAbsent(this.path, p -> new Object());
  }

  public <T> T hold(Action<T> action) throws IOException {
    synchronized (monitor) {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return action.run(channel);
      }
    }
  }
}
