package dev.evalhub.formats.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark as its {@code eval.yaml} declares it: name, description, evaluation framework, the
 * tasks (one leaderboard each) and evalhub's per-task settings from the optional {@code evalhub}
 * block. Immutable.
 */
public record Benchmark(
    String name,
    String description,
    String evaluationFramework,
    List<BenchmarkTask> tasks,
    Map<String, TaskSettings> taskSettings) {

  public Benchmark {
    tasks = List.copyOf(tasks);
    taskSettings = Map.copyOf(taskSettings);
  }

  public Optional<BenchmarkTask> task(String id) {
    return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /**
   * The settings of task {@code id}, or the defaults (higher is better, active) when the file gives
   * none.
   */
  public TaskSettings settings(String id) {
    return taskSettings.getOrDefault(id, TaskSettings.DEFAULT);
  }
}
