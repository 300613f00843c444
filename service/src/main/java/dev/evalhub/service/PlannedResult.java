package dev.evalhub.service;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.LogResult;
import java.util.Objects;

/**
 * One result an import writes: the number a log states, the benchmark dataset and task it feeds,
 * and the {@code .eval_results} entry it becomes (as the hub reads it back). Immutable.
 */
public record PlannedResult(LogResult from, String datasetId, String taskId, ResultEntry entry) {

  public PlannedResult {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(entry, "entry");
  }
}
