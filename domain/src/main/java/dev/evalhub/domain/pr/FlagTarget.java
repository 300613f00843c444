package dev.evalhub.domain.pr;

import java.util.Objects;

/**
 * The result a flag is raised against, identified durably as the history identifies results ({@link
 * dev.evalhub.domain.history.ResultKey}): the {@code .eval_results} file, the benchmark dataset id
 * and task id as the entry spells them, the entry's notes (empty when absent), and the sha256 of
 * the entry's canonical JSON on {@code main} when the flag was raised (so that a later change of
 * the value can be told). Immutable.
 */
public record FlagTarget(
    String file, String datasetId, String taskId, String notes, String entrySha256) {

  public FlagTarget {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(entrySha256, "entrySha256");
  }
}
