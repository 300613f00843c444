package dev.evalhub.domain.leaderboard;

import java.util.List;

/** A registered benchmark (a dataset whose {@code main} holds a valid {@code eval.yaml}) and its tasks. Immutable. */
public record BenchmarkInfo(String datasetId, String name, String description, String evaluationFramework,
    List<Task> tasks) {

  public BenchmarkInfo {
    tasks = List.copyOf(tasks);
  }

  /** One task: one leaderboard. */
  public record Task(String id, String config, String split, String metricName, boolean higherIsBetter) {
  }
}
