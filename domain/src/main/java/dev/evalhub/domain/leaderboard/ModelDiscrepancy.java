package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import java.util.Objects;

/**
 * One discrepancy of a benchmark (issue 14): two sources of {@code model}'s result on {@code task}
 * in the methodology group {@code group} whose values disagree beyond noise ({@link
 * Trust.Discrepancy}: the sources, the threshold and its basis). Immutable.
 */
public record ModelDiscrepancy(
    RepoId model, TaskRef task, MethodologyGroup group, Trust.Discrepancy discrepancy) {
  public ModelDiscrepancy {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(discrepancy, "discrepancy");
  }
}
