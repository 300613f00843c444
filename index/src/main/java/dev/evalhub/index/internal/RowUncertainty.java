package dev.evalhub.index.internal;

import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.statistics.Interval;
import dev.evalhub.statistics.Intervals;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The uncertainty of one leaderboard row (issue 13; reference {@code
 * leaderboards-and-statistics.md} §4.2): {@code n} is the entry's {@code num_samples}, else the
 * count of its reproduced per-sample details; the standard error is the file's {@code stderr}, else
 * the cluster-robust one of the details (when every item has a cluster key and there are at least
 * two clusters), else the details' √(Var(s)/n), else for a task whose {@code metric.kind} is {@code
 * binary} √(p(1−p)/n) from the value and n (none at p = 0 or 1, where it is 0); the 95% interval is
 * value ± 1.96·stderr on a standard error the file states (the interval agrees with what the tests
 * use), a normal interval on the clustered standard error, Wilson's for a binary proportion with
 * known n otherwise. Stateless.
 */
public final class RowUncertainty {

  private RowUncertainty() {}

  /** The factor from a proportion into the task's units: 100 for a [0, 100] task, else 1. */
  public static double scale(BenchmarkInfo.Task task) {
    return task.range().map(r -> r.min() == 0 && r.max() == 100 ? 100.0 : 1.0).orElse(1.0);
  }

  /** Whether a row's scores are 0 or 1 per item: its details say so, else the task's kind. */
  public static boolean binary(Candidate c, BenchmarkInfo.Task task) {
    return c.samples() != null
        ? c.samples().binary()
        : task.kind().filter(k -> k == TaskSettings.MetricKind.BINARY).isPresent();
  }

  /** The row's uncertainty, empty when nothing of it is known. */
  public static Optional<Uncertainty> of(Candidate c, BenchmarkInfo.Task task) {
    SampleSummary samples = c.samples();
    OptionalLong n =
        c.numSamples() != null
            ? OptionalLong.of(c.numSamples())
            : samples != null ? OptionalLong.of(samples.count()) : OptionalLong.empty();
    double scale = scale(task);
    boolean binary = binary(c, task);
    boolean proportion = binary && c.value() >= 0 && c.value() <= scale;
    Double stderr = null;
    Uncertainty.Source source = null;
    if (c.stderr() != null) {
      stderr = c.stderr();
      source = Uncertainty.Source.FILE;
    } else if (samples != null && samples.clusteredStderr() != null) {
      stderr = samples.clusteredStderr();
      source = Uncertainty.Source.CLUSTERED;
    } else if (samples != null && samples.count() >= 2) {
      stderr = samples.stderr();
      source = Uncertainty.Source.DETAILS;
    } else if (proportion && n.isPresent() && n.getAsLong() > 0) {
      OptionalDouble binomial = Intervals.binaryStandardError(c.value(), n.getAsLong(), scale);
      // At p = 0 or 1 the binomial standard error is 0: no standard error, only Wilson's interval.
      if (binomial.isPresent() && binomial.getAsDouble() > 0) {
        stderr = binomial.getAsDouble();
        source = Uncertainty.Source.BINOMIAL;
      }
    }
    Optional<Interval> interval = Optional.empty();
    if (source == Uncertainty.Source.CLUSTERED) {
      interval = Optional.of(Intervals.normal(c.value(), stderr, Intervals.LEVEL_95));
      interval = interval.map(RowUncertainty::clustered);
    } else if (source != Uncertainty.Source.FILE
        && proportion
        && n.isPresent()
        && n.getAsLong() > 0) {
      interval = Intervals.wilson(c.value(), n.getAsLong(), scale);
    } else if (stderr != null) {
      interval = Optional.of(Intervals.normal(c.value(), stderr, Intervals.LEVEL_95));
    }
    OptionalInt count = samples == null ? OptionalInt.empty() : OptionalInt.of(samples.count());
    if (n.isEmpty() && stderr == null && interval.isEmpty() && count.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Uncertainty(
            n,
            Optional.ofNullable(stderr),
            Optional.ofNullable(source),
            interval.map(
                i ->
                    new Uncertainty.ConfidenceInterval(
                        i.lower(), i.upper(), i.level(), i.method().id())),
            count));
  }

  private static Interval clustered(Interval normal) {
    return new Interval(
        dev.evalhub.statistics.IntervalMethod.CLUSTERED,
        normal.estimate(),
        normal.stderr(),
        normal.lower(),
        normal.upper(),
        normal.level());
  }
}
