package dev.evalhub.service;

import dev.evalhub.domain.index.IndexFailure;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link OperationsService#doctor} found: the refs the index could not read, how many events
 * of the log the index has not applied, the ref lock files present (stale unless a write is under
 * way), and the merges a crash interrupted. Immutable.
 */
public record DoctorReport(
    List<IndexFailure> indexFailures,
    int eventLag,
    List<Path> lockFiles,
    List<String> interruptedMerges) {

  public DoctorReport {
    indexFailures = List.copyOf(indexFailures);
    lockFiles = List.copyOf(lockFiles);
    interruptedMerges = List.copyOf(interruptedMerges);
  }

  /** How many problems: one per failure, lock and merge, and one for any lag. */
  public int problems() {
    return indexFailures.size()
        + (eventLag > 0 ? 1 : 0)
        + lockFiles.size()
        + interruptedMerges.size();
  }
}
