package dev.evalhub.storage;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds merges that a crash left half-done: a merge first moves main to a commit whose message ends with the
 * trailer {@code Pull-Request: N}, then appends the merge to the record. A record that still says open while
 * main holds its trailer commit (made after the record was created) missed the second step; the merge event to
 * append names the commit's author (the hub writes the merging account there) at the commit's time. Not
 * thread-safe; one per repository access.
 */
final class MergeRepair {

  /** The trailer of a squash-merge commit naming its pull request. */
  static final String TRAILER = "Pull-Request";

  private final Repository repository;

  MergeRepair(Repository repository) {
    this.repository = repository;
  }

  Optional<PrEvent> missedMerge(PullRequest pr) throws IOException {
    if (pr.status() != PrStatus.OPEN || !pr.isPullRequest() || pr.head().isEmpty()) {
      return Optional.empty();
    }
    Ref main = repository.exactRef(RefNames.MAIN);
    if (main == null) {
      return Optional.empty();
    }
    // Only main's commits since the record was created can be its merge: the walk stops at older ones.
    long since = pr.created().getEpochSecond() - 1;
    try (RevWalk walk = new RevWalk(repository)) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(main.getObjectId()));
      for (RevCommit commit : walk) {
        if (commit.getCommitTime() < since) {
          break;
        }
        boolean names = commit.getFooterLines(TRAILER).stream()
            .anyMatch(value -> value.strip().equals(pr.number().toString()));
        if (names) {
          return Optional.of(PrEvent.merge(commit.getAuthorIdent().getName(),
              commit.getCommitterIdent().getWhenAsInstant(), commit.getName()));
        }
      }
    }
    return Optional.empty();
  }
}
