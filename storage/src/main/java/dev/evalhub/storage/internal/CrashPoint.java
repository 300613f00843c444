package dev.evalhub.storage.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test hook for the crash tests: a process started with {@code -Devalhub.test.haltAt=STEP} (or
 * {@code STEP@N}: the N-th time) halts the JVM at once when it reaches that step of a write, as a
 * power cut or {@code kill -9} would, without running shutdown hooks. Without the property it does
 * nothing. Steps: {@code push-validated} (pack received and validated, no ref moved), {@code
 * push-ref-updated}, {@code commit-objects-inserted}, {@code commit-ref-updated}, {@code
 * merge-commit-inserted}, {@code merge-ref-updated}, {@code merge-main-moved} (main moved, event
 * and note written, record not yet), {@code record-ref-updated} (a record commit on its ref, no
 * event yet), {@code event-appended} (fsynced, not yet ingested), {@code event-ingested} and {@code
 * job-update} (a change of an evaluation job's record is about to be applied). Thread-safe.
 */
public final class CrashPoint {

  /** The system property naming the step to halt at. */
  public static final String PROPERTY = "evalhub.test.haltAt";

  private static final String SPEC = System.getProperty(PROPERTY, "");
  private static final String STEP =
      SPEC.contains("@") ? SPEC.substring(0, SPEC.indexOf('@')) : SPEC;
  private static final int TIMES =
      SPEC.contains("@") ? Integer.parseInt(SPEC.substring(SPEC.indexOf('@') + 1)) : 1;
  private static final AtomicInteger REACHED = new AtomicInteger();
  private static volatile String actionStep = "";
  private static volatile Runnable action = () -> {};

  private CrashPoint() {}

  /**
   * For a test in this JVM: runs {@code then} (on the writing thread) each time {@code step} is
   * reached, until the returned hook is closed. One hook at a time.
   */
  public static AutoCloseableHook whenReached(String step, Runnable then) {
    action = then;
    actionStep = step;
    return () -> {
      actionStep = "";
      action = () -> {};
    };
  }

  /** A hook of {@link #whenReached}; {@link #close} removes it. */
  @FunctionalInterface
  public interface AutoCloseableHook extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Halts the JVM when {@code step} is the step (and the time) the property names; runs a test's
   * {@link #whenReached} action for it.
   */
  public static void reached(String step) {
    if (actionStep.equals(step)) {
      action.run();
    }
    if (!STEP.isEmpty() && STEP.equals(step) && REACHED.incrementAndGet() == TIMES) {
      System.err.println("evalhub: halting at " + step + " (" + PROPERTY + ")");
      System.err.flush();
      Runtime.getRuntime().halt(1);
    }
  }
}
