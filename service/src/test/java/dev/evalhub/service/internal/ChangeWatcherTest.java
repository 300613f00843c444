package dev.evalhub.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The change watcher runs a handler once per change of its stamp, retries a failed one, and stops
 * on close.
 */
class ChangeWatcherTest {

  @Test
  void aChangedStampRunsItsHandlerOnceAndAFailingHandlerIsRetried() throws Exception {
    AtomicInteger stamp = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    try (ChangeWatcher watcher = new ChangeWatcher(Duration.ofMillis(10))) {
      watcher.watch(
          "test",
          stamp::get,
          () -> {
            runs.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("not yet");
            }
          });
      assertThat(runs).as("the stamp at start counts as seen").hasValue(0);

      stamp.incrementAndGet();

      await(() -> runs.get() == 3);
      long settled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      await(() -> System.nanoTime() > settled);
      assertThat(runs).as("two failures retried, then no more runs").hasValue(3);
    }
  }

  @Test
  void closeStopsPolling() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    ChangeWatcher watcher = new ChangeWatcher(Duration.ofMillis(5));
    watcher.watch("test", polls::incrementAndGet, () -> {});
    await(() -> polls.get() > 3);

    watcher.close();
    int afterClose = polls.get();
    long later = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    await(() -> System.nanoTime() > later);

    assertThat(polls.get()).isEqualTo(afterClose);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
