package dev.evalhub.domain.index;

import java.time.Duration;

/** What a rebuild of the index read and wrote, and how long it took. Immutable. */
public record ReindexSummary(
    int repositories, int benchmarks, long results, long invalidFiles, Duration took) {

  /** Result entries indexed per second. */
  public double resultsPerSecond() {
    return took.isZero() ? results : results * 1000.0 / Math.max(1, took.toMillis());
  }
}
