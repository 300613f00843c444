package dev.evalhub.importers.samples;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-item scores of one details file: one row per item (epochs reduced to the item's mean), one
 * column per metric. Items are sorted by id ({@link String#compareTo} order), ids are unique.
 * Scores are plain numbers in the metric's own unit (0/1 for correctness, as the file states them
 * otherwise); {@code NaN} marks an item without a score for a metric. Stored as one {@code
 * double[]} per metric and one {@code String[]} of ids, so memory is proportional to items ×
 * metrics. Immutable and thread-safe.
 */
public final class SampleScores {

  private final String format;
  private final List<String> metrics;
  private final String[] ids;
  private final String[] clusters;
  private final double[][] scores;
  private final boolean[] binary;
  private final int epochs;

  SampleScores(
      String format,
      List<String> metrics,
      String[] ids,
      String[] clusters,
      double[][] scores,
      int epochs) {
    this.format = Objects.requireNonNull(format, "format");
    this.metrics = List.copyOf(metrics);
    this.ids = ids;
    this.clusters = clusters;
    this.scores = scores;
    this.epochs = epochs;
    if (scores.length != this.metrics.size() || clusters.length != ids.length) {
      throw new IllegalArgumentException("one score column per metric, one cluster per item");
    }
    this.binary = new boolean[scores.length];
    for (int m = 0; m < scores.length; m++) {
      if (scores[m].length != ids.length) {
        throw new IllegalArgumentException("metric " + metrics.get(m) + " has a wrong row count");
      }
      boolean only01 = true;
      for (double v : scores[m]) {
        if (!Double.isNaN(v) && v != 0 && v != 1) {
          only01 = false;
          break;
        }
      }
      binary[m] = only01;
    }
  }

  /** The {@code details.format} id the file was read as ({@code lm-eval-samples}, ...). */
  public String format() {
    return format;
  }

  /**
   * The metric names in the file's order: lm-eval {@code acc}, {@code acc_norm} (with {@code
   * ,<filter>} for a filter other than {@code none}); Inspect the scorer name, or {@code
   * scorer/key} for a dict score; HELM stat names; lighteval metric keys; Every Eval Ever the
   * evaluation result id (else the evaluation name).
   */
  public List<String> metrics() {
    return metrics;
  }

  /** The number of items. */
  public int size() {
    return ids.length;
  }

  /** The id of item {@code i} (0 ≤ i < {@link #size()}) as the file states it. */
  public String itemId(int i) {
    return ids[i];
  }

  /** The cluster key of item {@code i} when the file declares clustering, else empty. */
  public Optional<String> cluster(int i) {
    return Optional.ofNullable(clusters[i]);
  }

  /** The score of item {@code i} on metric {@code metric} (an index into {@link #metrics()}). */
  public double score(int metric, int i) {
    return scores[metric][i];
  }

  /** Whether every non-NaN score of {@code metric} is 0 or 1. */
  public boolean binary(int metric) {
    return binary[metric];
  }

  /** The most epochs (Inspect) or train trials (HELM) seen for one item; 1 when none. */
  public int epochs() {
    return epochs;
  }

  /** The index of metric {@code name} in {@link #metrics()}, or -1. */
  public int metricIndex(String name) {
    return metrics.indexOf(name);
  }

  /** The mean of {@code metric} over the items that have a score (NaN when none has). */
  public double mean(int metric) {
    double sum = 0;
    int n = 0;
    for (double v : scores[metric]) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  @Override
  public String toString() {
    return format + " scores: " + ids.length + " items × " + metrics;
  }
}
