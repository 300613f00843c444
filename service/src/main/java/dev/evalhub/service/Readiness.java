package dev.evalhub.service;

import dev.evalhub.domain.index.InstanceStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an instance may take traffic now ({@link OperationsService#readiness}): the reasons it
 * may not (empty: ready), each a sentence that names no repository and no path, and the instance's
 * positions when the index answered. Immutable.
 *
 * @param reasons why the instance is not ready; empty when it is
 * @param instance the instance as it sees itself; empty when the index did not answer
 */
public record Readiness(List<String> reasons, Optional<InstanceStatus> instance) {

  public Readiness {
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(instance, "instance");
  }

  /** Whether nothing keeps the instance from taking traffic. */
  public boolean ready() {
    return reasons.isEmpty();
  }
}
