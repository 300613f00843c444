package dev.evalhub.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The durations of the steps of {@link EvalHub#open}, for its log line ("hub opened in 840 ms:
 * storage opened 12 ms, ..."): what a slow start is measured by. Not thread-safe.
 */
final class StartTimer {

  private final long started = System.nanoTime();
  private final List<String> steps = new ArrayList<>();
  private long last = started;

  /** Ends the step that ran since the previous one (or the start), named {@code name}. */
  void step(String name) {
    long now = System.nanoTime();
    steps.add(name + " " + (now - last) / 1_000_000 + " ms");
    last = now;
  }

  @Override
  public String toString() {
    return (last - started) / 1_000_000 + " ms: " + String.join(", ", steps);
  }
}
