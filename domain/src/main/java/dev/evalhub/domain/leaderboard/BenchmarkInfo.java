package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.TaskSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered benchmark (a dataset whose {@code main} holds a valid {@code eval.yaml}) and its
 * tasks, in the order of the file (never empty). {@code dataset} is spelled as its owner wrote it.
 * Immutable.
 */
public record BenchmarkInfo(
    RepoId dataset, String name, String description, String evaluationFramework, List<Task> tasks) {

  public BenchmarkInfo {
    Objects.requireNonNull(dataset, "dataset");
    tasks = List.copyOf(tasks);
  }

  /**
   * One task: one leaderboard. {@code config} is null when the file names none; {@code range} is
   * the task's {@code metric.range}, {@code reference} its reference methodology and {@code kind}
   * its {@code metric.kind} (binary or continuous scores per item), when declared.
   */
  public record Task(
      String id,
      String config,
      String split,
      String metricName,
      boolean higherIsBetter,
      Optional<TaskSettings.Range> range,
      Optional<Methodology> reference,
      Optional<TaskSettings.MetricKind> kind) {

    public Task {
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(kind, "kind");
    }

    /** A task whose metric kind is not declared. */
    public Task(
        String id,
        String config,
        String split,
        String metricName,
        boolean higherIsBetter,
        Optional<TaskSettings.Range> range,
        Optional<Methodology> reference) {
      this(id, config, split, metricName, higherIsBetter, range, reference, Optional.empty());
    }

    /** A task with no declared range and no reference methodology. */
    public Task(String id, String config, String split, String metricName, boolean higherIsBetter) {
      this(
          id,
          config,
          split,
          metricName,
          higherIsBetter,
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /** The task {@code taskId}, empty: the first task; an unknown task is not found. */
  public Task task(Optional<String> taskId) {
    if (taskId.isEmpty()) {
      return tasks.get(0);
    }
    return tasks.stream()
        .filter(t -> t.id().equals(taskId.get()))
        .findFirst()
        .orElseThrow(
            () ->
                HubException.notFound(
                    "\""
                        + taskId.get()
                        + "\" is not a task of the benchmark "
                        + dataset.fullName()));
  }

  /** The reference of {@code task}, one of this benchmark's. */
  public TaskRef ref(Task task) {
    return new TaskRef(dataset, task.id());
  }
}
