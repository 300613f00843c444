package dev.evalhub.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes that have opened the data folder for writing (every {@link Storage}: servers and
 * command-line commands alike), so that a server's start can tell whether every writer since the
 * last clean stop ended cleanly: only then can no ref lock, half-done merge or ref moved without
 * its event be left behind, and the start may skip the walks over every repository that repair
 * those.
 *
 * <p>Each open storage holds {@code DATA/writers/<uuid>} with an OS file lock (released by the OS
 * when the process dies, however it dies). {@link #close} deletes the file, unless the process saw
 * something the start repairs ({@link #markUnclean}: an event append that failed after its ref
 * moved, a merge whose record step failed after main moved): then the file stays, as a killed
 * process's does; marked after the close (a write that outlived it), the file is written again. A
 * file whose lock no live process holds is a writer that did not end cleanly ({@link #uncleanEnds}:
 * probed with a shared lock on a channel opened for reading, so a file another user owns is probed
 * too; one that cannot be probed at all counts as unclean); the start that repaired everything
 * forgets it ({@link #forget}: only a file whose lock it can take then, never one that could not be
 * probed).
 *
 * <p>Files of this JVM's own storages are never probed (a second lock on a file in one JVM throws,
 * and closing a probing channel would release the owner's lock). Thread-safe.
 */
public final class Writers {

  private static final Logger LOG = LoggerFactory.getLogger(Writers.class);

  /** The writer files held by the storages of this JVM. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path own;
  private final FileChannel channel;
  private final FileLock lock;
  private volatile String unclean;
  private boolean closed;

  private Writers(Path dir, Path own, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.own = own;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Registers this process as a writer of {@code dataDir}: creates and locks its file. Throws
   * {@link StorageException} when the folder cannot be written.
   */
  static Writers register(Path dataDir) {
    Path dir = dataDir.resolve("writers");
    Path own = dir.resolve(java.util.UUID.randomUUID().toString()).toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              own,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.READ);
      FileLock lock = lockIfPossible(channel, own);
      channel.write(
          java.nio.ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      HELD_HERE.add(own);
      dev.evalhub.storage.internal.WriteSections.opened();
      return new Writers(dir, own, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot register this process as a writer in " + dir, e);
    }
  }

  /**
   * The OS lock on this process's file, or null where the file system gives none (some network file
   * systems): the file then looks like a dead writer's to the others, which only costs the next
   * start its walks.
   */
  private static FileLock lockIfPossible(FileChannel channel, Path own) {
    try {
      return channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      LOG.warn("cannot lock {}: the next start repairs and reconciles every repository", own, e);
      return null;
    }
  }

  /**
   * Records that this process left something the next start must repair (a reason for the log): its
   * file stays at {@link #close}, so that the next server start walks every repository.
   */
  public synchronized void markUnclean(String why) {
    if (unclean == null) {
      LOG.warn("the next start repairs and reconciles every repository: {}", why);
    }
    unclean = why;
    if (closed) {
      // A write that outlived the close (its record step failed with "storage closed"): the file
      // the clean close deleted comes back, unlocked, so that the next start walks.
      try {
        Files.createDirectories(dir);
        Files.writeString(own, "pid " + ProcessHandle.current().pid() + "\nunclean: " + why + "\n");
      } catch (IOException e) {
        LOG.error(
            "cannot leave the writer file {}: the next start may skip the repair of: {}",
            own,
            why,
            e);
      }
    }
  }

  /**
   * How many writes (from a ref's move to its event's append) are in progress in this JVM now: a
   * close while one runs is not clean.
   */
  public int writesInProgress() {
    return dev.evalhub.storage.internal.WriteSections.active();
  }

  /** Why this process will not end cleanly ({@link #markUnclean}), or empty. */
  public java.util.Optional<String> unclean() {
    return java.util.Optional.ofNullable(unclean);
  }

  /**
   * The files of writers (other than the live ones) that did not end cleanly: killed, or marked
   * unclean. Reads only; a file that cannot be probed counts as unclean (and {@link #forget} leaves
   * it).
   */
  public List<Path> uncleanEnds() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Path path = file.toAbsolutePath().normalize();
        if (HELD_HERE.contains(path)) {
          continue;
        }
        Probe probe = probe(path);
        if (probe == Probe.FREE || probe == Probe.FAILED) {
          found.add(path);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list the writers in " + dir, e);
    }
    found.sort(null);
    return found;
  }

  /**
   * Deletes {@code files} (from {@link #uncleanEnds}) once what they left was repaired: only those
   * whose lock it can take now; one that cannot be probed (another user's file) may be a live
   * writer's and stays (logged).
   */
  public void forget(List<Path> files) {
    for (Path file : files) {
      Probe probe = probe(file);
      if (probe != Probe.FREE) {
        if (probe == Probe.FAILED) {
          LOG.warn("the writer file {} cannot be probed: left in place (may be live)", file);
        }
        continue;
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("cannot delete the writer file {} (the next start repairs again)", file, e);
      }
    }
  }

  /** What a probe of a writer file found. */
  private enum Probe {
    /** A live process holds its lock. */
    HELD,
    /** Nobody holds it: a writer that did not end cleanly. */
    FREE,
    /** Deleted meanwhile: ended cleanly. */
    GONE,
    /** Cannot be opened or locked (permissions, no locks on this file system): maybe live. */
    FAILED
  }

  /**
   * Probes with a shared lock on a channel opened for reading: a writer's exclusive lock refuses
   * it, and reading needs no more than the file's read permission.
   */
  private static Probe probe(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock free = channel.tryLock(0, Long.MAX_VALUE, true);
      if (free == null) {
        return Probe.HELD;
      }
      free.release();
      return Probe.FREE;
    } catch (OverlappingFileLockException e) {
      return Probe.HELD;
    } catch (java.nio.file.NoSuchFileException e) {
      return Probe.GONE;
    } catch (IOException e) {
      LOG.warn("cannot probe the writer file {}: counted as unclean, never deleted", file, e);
      return Probe.FAILED;
    }
  }

  /**
   * Ends this process's registration: deletes its file unless {@link #markUnclean} was called, and
   * releases the lock.
   */
  synchronized void close() {
    if (closed || !HELD_HERE.contains(own)) {
      return;
    }
    int writing = dev.evalhub.storage.internal.WriteSections.closed();
    if (writing > 0) {
      markUnclean(writing + " write(s) still in progress when the storage closed");
    }
    try {
      if (unclean == null) {
        Files.deleteIfExists(own);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the writer file {} (the next start repairs)", own, e);
    } finally {
      try {
        if (lock != null) {
          lock.release();
        }
      } catch (IOException e) {
        LOG.debug("releasing {}", own, e);
      }
      closeQuietly(channel);
      HELD_HERE.remove(own);
      closed = true;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a writer file", e);
    }
  }
}
