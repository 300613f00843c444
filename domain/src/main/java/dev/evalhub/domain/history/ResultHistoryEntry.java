package dev.evalhub.domain.history;

import java.util.List;
import java.util.Objects;

/** The whole history of one result, its steps oldest first. Immutable. */
public record ResultHistoryEntry(ResultKey key, List<ResultStep> steps) {

  public ResultHistoryEntry {
    Objects.requireNonNull(key, "key");
    steps = List.copyOf(steps);
  }
}
