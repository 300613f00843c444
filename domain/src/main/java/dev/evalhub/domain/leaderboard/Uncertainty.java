package dev.evalhub.domain.leaderboard;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How precise a leaderboard row's value is (reference {@code leaderboards-and-statistics.md} §4.2):
 * the number of items it was measured on, its standard error and where that comes from, and its 95%
 * confidence interval with the method that gave it. All in the task's units (a proportion on a [0,
 * 1] task, percentage points on a [0, 100] one). Immutable.
 *
 * @param n the items scored: the result's {@code num_samples}, else the count of its per-sample
 *     details
 * @param stderr the standard error of the value, when known
 * @param source where the standard error comes from (absent with it)
 * @param ci the 95% confidence interval, when it can be computed
 * @param samples how many per-sample scores of the result's {@code details} the hub read (and
 *     checked against the value), absent when it has none
 */
public record Uncertainty(
    OptionalLong n,
    Optional<Double> stderr,
    Optional<Source> source,
    Optional<ConfidenceInterval> ci,
    OptionalInt samples) {

  public Uncertainty {
    Objects.requireNonNull(n, "n");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(ci, "ci");
    Objects.requireNonNull(samples, "samples");
    if (stderr.isPresent() != source.isPresent()) {
      throw new IllegalArgumentException("a standard error comes with its source");
    }
  }

  /** Where a row's standard error comes from; {@link #id()} is its name on the wire. */
  public enum Source {
    /** The result file states it ({@code stderr}). */
    FILE("file"),
    /** Computed from the per-sample scores of its details: √(Var(s)/n). */
    DETAILS("details"),
    /** Computed from the per-sample scores with cluster-robust (sandwich) standard errors. */
    CLUSTERED("clustered"),
    /** Derived for a binary task from the value and n: √(p(1−p)/n). */
    BINOMIAL("binomial");

    private final String id;

    Source(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * A confidence interval at {@code level} (0.95), computed by {@code method}: {@code wilson} for a
   * binary proportion (Wilson 1927), {@code normal} (value ± 1.96 × stderr) otherwise, {@code
   * clustered} for a normal interval on a cluster-robust standard error.
   */
  public record ConfidenceInterval(double lower, double upper, double level, String method) {
    public ConfidenceInterval {
      Objects.requireNonNull(method, "method");
      if (!(lower <= upper)) {
        throw new IllegalArgumentException("lower " + lower + " is above upper " + upper);
      }
    }
  }
}
