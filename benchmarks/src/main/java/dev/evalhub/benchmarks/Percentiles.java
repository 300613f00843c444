package dev.evalhub.benchmarks;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of measurements in milliseconds. Immutable. */
record Percentiles(double[] sortedMillis) {

  static Percentiles of(double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted);
  }

  double at(double percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sortedMillis.length);
    return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
  }

  String summary() {
    return String.format(
        "n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms",
        sortedMillis.length, at(50), at(90), at(99), sortedMillis[sortedMillis.length - 1]);
  }
}
