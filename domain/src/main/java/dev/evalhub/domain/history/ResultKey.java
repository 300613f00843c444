package dev.evalhub.domain.history;

import java.util.Objects;

/**
 * Which result a history follows: the {@code .eval_results} file, the benchmark dataset id, the
 * task id and the notes (empty when absent), since one file may hold the same task measured in
 * different ways. Immutable.
 */
public record ResultKey(String file, String datasetId, String taskId, String notes) {

  public ResultKey {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(notes, "notes");
  }
}
