package dev.evalhub.storage.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;

/**
 * Merges a pull request's head into main in memory (no work tree) with JGit's recursive merger, and
 * gives the resulting tree or the files that conflict. Moves no ref. Not thread-safe; one per
 * merge.
 */
public final class SquashMerge {

  /**
   * The merged tree, or the conflicting files (sorted) when the head does not apply to main
   * cleanly.
   */
  public record Outcome(Optional<ObjectId> tree, List<String> conflictingFiles) {
    public Outcome {
      conflictingFiles = List.copyOf(conflictingFiles);
    }
  }

  private final Repository repository;

  public SquashMerge(Repository repository) {
    this.repository = repository;
  }

  public Outcome merge(ObjectId main, ObjectId head) throws IOException {
    ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
    if (merger.merge(main, head)) {
      return new Outcome(Optional.of(merger.getResultTreeId()), List.of());
    }
    java.util.TreeSet<String> files = new java.util.TreeSet<>(merger.getUnmergedPaths());
    if (merger.getFailingPaths() != null) {
      files.addAll(merger.getFailingPaths().keySet());
    }
    return new Outcome(Optional.empty(), List.copyOf(files));
  }
}
