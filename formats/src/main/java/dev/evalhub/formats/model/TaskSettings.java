package dev.evalhub.formats.model;

import java.util.List;

/**
 * evalhub's settings for one task, from the {@code evalhub.tasks} block of {@code eval.yaml}: what
 * the value measures, the task definition's version, whether the task is still in use, and which
 * versions' results are flagged as invalid. Immutable; {@code version} and {@code statusReason} are
 * null when not given.
 */
public record TaskSettings(
    Metric metric,
    String version,
    TaskStatus status,
    String statusReason,
    List<String> invalidVersions) {

  public static final TaskSettings DEFAULT =
      new TaskSettings(Metric.DEFAULT, null, TaskStatus.ACTIVE, null, List.of());

  public TaskSettings {
    invalidVersions = List.copyOf(invalidVersions);
  }

  /** What a task's {@code value} measures and which direction is better. */
  public record Metric(String name, boolean higherIsBetter, Range range) {
    public static final Metric DEFAULT = new Metric(null, true, null);
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
