package dev.evalhub.storage.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The hub's one policy for "re-read and apply again" loops around a compare-and-set ({@link
 * RefWriter}): an attempt that lost the race to another writer is tried again, after a random pause
 * below an exponentially growing bound (1, 2, 4, ... up to 64 ms: full jitter, so that writers that
 * collided do not collide again at once), for at least {@link #MIN_ATTEMPTS} attempts and at least
 * {@link #BUDGET}; then the caller's "busy" failure is thrown. Every writer of accounts, keys,
 * pull-request records, push notes and merges uses it. Stateless.
 */
public final class RetryPolicy {

  /** At least this many attempts before giving up. */
  public static final int MIN_ATTEMPTS = 20;

  /** And attempts for at least this long. */
  public static final Duration BUDGET = Duration.ofSeconds(10);

  private RetryPolicy() {}

  /**
   * One attempt: its result, or empty when it lost the race and should run again on a fresh read.
   */
  @FunctionalInterface
  public interface Attempt<T> {
    Optional<T> run() throws IOException;
  }

  /**
   * Runs {@code attempt} until it returns a result, and returns it; once the policy is spent (or
   * the thread is interrupted), throws what {@code busy} gives for the number of attempts made. An
   * exception thrown by an attempt ends the loop at once.
   */
  public static <T> T run(Attempt<T> attempt, IntFunction<? extends RuntimeException> busy)
      throws IOException {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    for (int n = 0; ; n++) {
      Optional<T> result = attempt.run();
      if (result.isPresent()) {
        return result.get();
      }
      if (n + 1 >= MIN_ATTEMPTS && System.nanoTime() > deadline) {
        throw busy.apply(n + 1);
      }
      pause(n, busy);
    }
  }

  private static void pause(int attempt, IntFunction<? extends RuntimeException> busy) {
    long boundMillis = 1L << Math.min(attempt, 6);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(boundMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy.apply(attempt + 1);
    }
  }
}
