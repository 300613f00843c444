package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The history of a repository's results: for each result (file, dataset, task), every change with
 * who made it, when, the value before and after and the pull request it came through, and an SVG
 * polyline of its values over time. Immutable.
 */
public record HistoryView(Chrome chrome, String repoId, String repoPath, List<Series> results) {

  public HistoryView {
    results = List.copyOf(results);
  }

  /**
   * One result's timeline; {@code chartPoints} is the polyline's {@code points} (empty: nothing to
   * draw).
   */
  public record Series(
      String file,
      String datasetId,
      String taskId,
      String notes,
      List<Step> steps,
      String chartPoints,
      String low,
      String high) {
    public Series {
      steps = List.copyOf(steps);
    }
  }

  /** One change. */
  public record Step(
      String time, String actor, String change, String before, String after, Integer pullRequest) {}
}
