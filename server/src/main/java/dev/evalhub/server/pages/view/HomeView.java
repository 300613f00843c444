package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The home page: every public benchmark with its tasks and how many results each task's leaderboard
 * has, and the results most recently committed to public models. Immutable.
 */
public record HomeView(Chrome chrome, List<BenchmarkCard> benchmarks, List<Recent> recent) {

  public HomeView {
    benchmarks = List.copyOf(benchmarks);
    recent = List.copyOf(recent);
  }

  /** One recent result. */
  public record Recent(
      String modelId,
      String datasetId,
      String taskId,
      String value,
      boolean verified,
      String committed) {}

  /** One benchmark. */
  public record BenchmarkCard(
      String datasetId, String name, String description, List<TaskCount> tasks) {
    public BenchmarkCard {
      tasks = List.copyOf(tasks);
    }
  }

  /** One task and the number of rows on its leaderboard. */
  public record TaskCount(String taskId, int results) {}
}
