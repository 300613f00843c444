package dev.evalhub.formats.model;

import java.util.List;

/**
 * evalhub's settings for one task, from the {@code evalhub.tasks} block of {@code eval.yaml}: what
 * the value measures, the task definition's version, whether the task is still in use, which
 * versions' results are flagged as invalid, the benchmark's reference methodology and which
 * evaluation frameworks' outputs feed the task. Immutable; {@code version}, {@code statusReason}
 * and {@code reference} are null when not given.
 *
 * @param reference the reference methodology (methodology keys as in a result entry), or null
 * @param sources how frameworks' outputs map to this task, in file order (empty when not given)
 */
public record TaskSettings(
    Metric metric,
    String version,
    TaskStatus status,
    String statusReason,
    List<String> invalidVersions,
    Methodology reference,
    List<FrameworkSource> sources) {

  public static final TaskSettings DEFAULT =
      new TaskSettings(Metric.DEFAULT, null, TaskStatus.ACTIVE, null, List.of(), null, List.of());

  public TaskSettings {
    invalidVersions = List.copyOf(invalidVersions);
    sources = List.copyOf(sources);
  }

  /**
   * One way an evaluation framework's output feeds a task ({@code evalhub.tasks.<id>.sources[]}):
   * the framework id, the framework's own task or group name, the metric key in its results file,
   * and the factor that converts the framework's number into this task's units (100 when the
   * benchmark reports percent and the framework a fraction).
   */
  public record FrameworkSource(String framework, String task, String metric, double scale) {
    public FrameworkSource {
      java.util.Objects.requireNonNull(framework, "framework");
      java.util.Objects.requireNonNull(task, "task");
      java.util.Objects.requireNonNull(metric, "metric");
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
      }
    }
  }

  /**
   * What a task's {@code value} measures, which direction is better, its range, whether each item
   * scores 0 or 1 ({@code kind}, null when not declared): a binary task lets the hub derive a
   * standard error from a value and its {@code num_samples} when a result states none; and the
   * {@code tolerance} (null when not declared): the absolute difference, in the value's units, two
   * sources of the same result may show without being a discrepancy when neither states a standard
   * error.
   */
  public record Metric(
      String name, boolean higherIsBetter, Range range, MetricKind kind, Double tolerance) {
    public static final Metric DEFAULT = new Metric(null, true, null, null, null);

    public Metric {
      if (tolerance != null && (!(tolerance >= 0) || Double.isInfinite(tolerance))) {
        throw new IllegalArgumentException(
            "tolerance must be a non-negative finite number, got " + tolerance);
      }
    }

    public Metric(String name, boolean higherIsBetter, Range range, MetricKind kind) {
      this(name, higherIsBetter, range, kind, null);
    }

    public Metric(String name, boolean higherIsBetter, Range range) {
      this(name, higherIsBetter, range, null, null);
    }
  }

  /** Whether each item of a task scores 0 or 1 ({@code binary}) or anything between. */
  public enum MetricKind {
    BINARY,
    CONTINUOUS;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A display and validation hint for values: {@code min <= value <= max}. */
  public record Range(double min, double max) {}

  /** Whether a task is still in use. */
  public enum TaskStatus {
    ACTIVE,
    DEPRECATED,
    WITHDRAWN;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
