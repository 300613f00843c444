package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The home page: every public benchmark with its tasks and how many results each task's leaderboard
 * has, the results most recently committed to public models, and, while there is no benchmark, the
 * first steps with this hub's URL. Immutable.
 */
public record HomeView(
    Chrome chrome,
    List<BenchmarkCard> benchmarks,
    List<Recent> recent,
    List<FirstStep> firstSteps) {

  public HomeView {
    benchmarks = List.copyOf(benchmarks);
    recent = List.copyOf(recent);
    firstSteps = List.copyOf(firstSteps);
  }

  /** One first step: its title, the commands to paste, what to do next (may be empty). */
  public record FirstStep(String title, String commands, String then) {}

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
