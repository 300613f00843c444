package dev.evalhub.storage.internal;

import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.storage.RefNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * What a pull request head changes: the unified diff from its fork point with main to the head, and
 * (for an open one) the files that would conflict on merge. Not thread-safe; one per request.
 */
public final class PrDiff {

  /** Diffs beyond this size are cut: the details page is not the place to read a whole data set. */
  private static final int MAX_DIFF_BYTES = 1 << 20;

  private final Repository repository;

  public PrDiff(Repository repository) {
    this.repository = repository;
  }

  /**
   * The files that would conflict; the trial merge's objects are written to a quarantine and
   * dropped.
   */
  private List<String> conflicts(ObjectId main, ObjectId head) throws IOException {
    try (Quarantine quarantine = Quarantine.open(repository)) {
      return new SquashMerge(quarantine.repository()).merge(main, head).conflictingFiles();
    }
  }

  public PrChanges changes(ObjectId head, boolean checkConflicts) throws IOException {
    Ref main = repository.exactRef(RefNames.MAIN);
    if (main == null) {
      return PrChanges.NONE;
    }
    List<String> conflicts = checkConflicts ? conflicts(main.getObjectId(), head) : List.of();
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit headCommit = walk.parseCommit(head);
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(main.getObjectId()));
      walk.markStart(headCommit);
      RevCommit base = walk.next();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DiffFormatter formatter = new DiffFormatter(out)) {
        formatter.setRepository(repository);
        formatter.format(base == null ? null : base.getTree(), headCommit.getTree());
      }
      String diff =
          out.size() > MAX_DIFF_BYTES
              ? new String(out.toByteArray(), 0, MAX_DIFF_BYTES, StandardCharsets.UTF_8)
                  + "\n[diff cut at 1 MiB]\n"
              : out.toString(StandardCharsets.UTF_8);
      return new PrChanges(conflicts, diff);
    }
  }
}
