package dev.evalhub.storage.internal;

import dev.evalhub.storage.StorageException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writes in progress in this JVM, each from before its ref moves to after its event is appended
 * (a ref update, a push, a record change, a repository created or deleted): what a storage that
 * closes while one runs must not call a clean end, since the JVM may stop that write half done.
 * Once every storage of this JVM is closed, a write no longer starts (it throws {@link
 * StorageException}): a thread left running after the hub closed cannot move a ref the hub's clean
 * stop did not account for. Counts the whole JVM, so a test holding several storages may see
 * another's write (the close is then called unclean, which only costs the next start its walks).
 * Thread-safe.
 */
public final class WriteSections {

  private static final AtomicInteger ACTIVE = new AtomicInteger();
  private static final AtomicInteger OPEN = new AtomicInteger();
  private static volatile boolean everOpened;

  /** One write in progress; {@link #close} ends it. */
  @FunctionalInterface
  public interface Section extends AutoCloseable {
    @Override
    void close();
  }

  private WriteSections() {}

  /**
   * Starts a write; throws {@link StorageException} when every storage of this JVM has closed.
   * Counted before the check, so that a storage closing at the same moment sees it or it sees the
   * close.
   */
  public static Section begin() {
    ACTIVE.incrementAndGet();
    if (everOpened && OPEN.get() == 0) {
      ACTIVE.decrementAndGet();
      throw new StorageException("the hub's storage is closed: no write starts any more", null);
    }
    return ACTIVE::decrementAndGet;
  }

  /** How many writes are in progress in this JVM now. */
  public static int active() {
    return ACTIVE.get();
  }

  /** How many storages of this JVM are open now. */
  public static int openStorages() {
    return OPEN.get();
  }

  /** A storage opened. */
  public static void opened() {
    OPEN.incrementAndGet();
    everOpened = true;
  }

  /**
   * A storage closes; returns how many writes were in progress then (after it stopped counting as
   * open).
   */
  public static int closed() {
    OPEN.decrementAndGet();
    return ACTIVE.get();
  }
}
