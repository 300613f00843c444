package dev.evalhub.domain;

import java.util.Objects;

/**
 * One task of one benchmark: the benchmark's dataset repository and the task id of its {@code
 * eval.yaml} ({@code tasks[].id}), which is what a result's {@code dataset.id} and {@code
 * dataset.task_id} name. Immutable.
 */
public record TaskRef(RepoId benchmark, String taskId) {

  public TaskRef {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(taskId, "taskId");
    if (benchmark.type() != RepoType.DATASET) {
      throw HubException.invalid("a benchmark is a dataset repository, got " + benchmark);
    }
    if (taskId.isBlank()) {
      throw HubException.invalid("a task id is not blank");
    }
  }

  @Override
  public String toString() {
    return benchmark.fullName() + "/" + taskId;
  }
}
