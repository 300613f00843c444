package dev.evalhub.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;

/**
 * Removes the lock files a killed process left in a bare repository: every {@code *.lock} under
 * {@code refs/}, and {@code packed-refs.lock}, {@code HEAD.lock}, {@code config.lock} and {@code
 * index.lock} at its top. JGit never waits for a lock, so one such file would refuse every later
 * write of its ref. Only safe while no other process writes the repository: the hub calls it once
 * at start, before serving. Stateless.
 */
public final class StaleLocks {

  private static final List<String> TOP_LEVEL =
      List.of(Constants.PACKED_REFS, Constants.HEAD, Constants.CONFIG, "index");
  private static final String LOCK = ".lock";

  private StaleLocks() {}

  /**
   * Removes the stale locks of the bare repository at {@code gitDir}; returns the files removed.
   */
  public static List<Path> remove(Path gitDir) throws IOException {
    return remove(gitDir, java.time.Instant.MAX);
  }

  /**
   * Removes the lock files of the bare repository at {@code gitDir} last modified before {@code
   * before}; returns the files removed. With several instances on one data folder, a lock younger
   * than a bound may be held by a live writer (JGit holds a ref's lock for milliseconds), so only
   * older ones are stale.
   */
  public static List<Path> remove(Path gitDir, java.time.Instant before) throws IOException {
    List<Path> removed = new ArrayList<>();
    for (Path lock : find(gitDir)) {
      if (!olderThan(lock, before)) {
        continue;
      }
      if (Files.deleteIfExists(lock)) {
        removed.add(lock);
      }
    }
    return removed;
  }

  private static boolean olderThan(Path lock, java.time.Instant before) {
    if (before.equals(java.time.Instant.MAX)) {
      return true;
    }
    try {
      return Files.getLastModifiedTime(lock).toInstant().isBefore(before);
    } catch (IOException e) {
      return false; // gone meanwhile: its writer released it
    }
  }

  /**
   * The lock files of the bare repository at {@code gitDir}, removing none (for {@code evalhub
   * doctor}).
   */
  public static List<Path> find(Path gitDir) throws IOException {
    List<Path> locks = new ArrayList<>();
    for (String name : TOP_LEVEL) {
      if (Files.isRegularFile(gitDir.resolve(name + LOCK))) {
        locks.add(gitDir.resolve(name + LOCK));
      }
    }
    Path refs = gitDir.resolve(Constants.R_REFS);
    if (Files.isDirectory(refs)) {
      try (Stream<Path> files = Files.walk(refs)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(LOCK) && Files.isRegularFile(f))
            .sorted()
            .forEach(locks::add);
      }
    }
    return locks;
  }
}
