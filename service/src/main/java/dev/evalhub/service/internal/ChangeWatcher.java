package dev.evalhub.service.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changes that other processes make to the data folder (the CLI appending to {@code
 * events.log}, moving the keys' ref of {@code admin.git}) and runs their handlers, so that a
 * running server sees them within a period. One daemon thread polls every watched stamp (a cheap
 * value such as a file's size and time, or a ref's commit) once per period; a handler runs when its
 * stamp differs from the one seen last. A failing probe or handler is tried again at the next
 * period (and logged once per distinct failure). Thread-safe; {@link #close} stops the thread and
 * waits for it.
 */
public final class ChangeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "evalhub-change-watcher");
            t.setDaemon(true);
            return t;
          });
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  private static final class Watch {
    final String name;
    final Supplier<?> stamp;
    final Runnable onChange;
    Object seen;
    String lastFailure;

    Watch(String name, Supplier<?> stamp, Runnable onChange, Object seen) {
      this.name = name;
      this.stamp = stamp;
      this.onChange = onChange;
      this.seen = seen;
    }
  }

  /** Starts polling every {@code period} (the server uses 200 ms). */
  public ChangeWatcher(Duration period) {
    thread.scheduleWithFixedDelay(
        this::poll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code onChange} (in the watcher's thread) whenever {@code stamp} gives a value other than
   * the last one seen; the current value counts as seen.
   */
  public void watch(String name, Supplier<?> stamp, Runnable onChange) {
    watch(name, stamp, onChange, stamp.get());
  }

  /**
   * Like {@link #watch(String, Supplier, Runnable)}, with the stamp the caller read before it last
   * brought itself up to date: a change made between that read and this call is not missed.
   */
  public void watch(String name, Supplier<?> stamp, Runnable onChange, Object seen) {
    watches.add(new Watch(name, stamp, onChange, seen));
  }

  private void poll() {
    for (Watch watch : watches) {
      try {
        Object now = watch.stamp.get();
        if (!Objects.equals(now, watch.seen)) {
          watch.onChange.run();
          watch.seen = now;
          watch.lastFailure = null;
        }
      } catch (RuntimeException e) {
        // Retried every period; logged once per distinct failure, not five times a second.
        if (!Objects.equals(e.toString(), watch.lastFailure)) {
          LOG.warn("cannot apply the changes of {}; trying again every period", watch.name, e);
          watch.lastFailure = e.toString();
        }
      }
    }
  }

  @Override
  public void close() {
    // No interrupt: a handler inside JDBC or a FileChannel would have its channel closed under it.
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the change watcher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
