package dev.evalhub.domain.pr;

import java.util.List;
import java.util.Objects;

/**
 * What a pull request changes against main now: the files that would conflict on merge (empty when
 * it applies cleanly) and the unified diff from where it forked from main to its head. Immutable.
 */
public record PrChanges(List<String> conflictingFiles, String diff) {

  public static final PrChanges NONE = new PrChanges(List.of(), "");

  public PrChanges {
    conflictingFiles = List.copyOf(conflictingFiles);
    Objects.requireNonNull(diff, "diff");
  }
}
