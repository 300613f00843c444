package dev.evalhub.storage;

import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.internal.PushNotes;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds merges that a crash left half-done: a merge first moves main to a commit whose message ends
 * with the trailer {@code Pull-Request: N}, then appends the merge to the record. A record that
 * still says open while main's first-parent line, since the head forked from it, holds its trailer
 * commit missed the second step; the merge event to append names the commit's author (the hub
 * writes the merging account there) at the commit's time. Not thread-safe; one per repository
 * access.
 */
final class MergeRepair {

  /** The trailer of a squash-merge commit naming its pull request. */
  static final String TRAILER = "Pull-Request";

  /** A bound on the walk, for a pull request forked from a main that has moved very far since. */
  private static final int MAX_COMMITS = 10_000;

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
    // Only main's commits since the head forked from it can be its merge: commits the head reaches
    // end the walk.
    try (RevWalk walk = new RevWalk(repository)) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(main.getObjectId()));
      walk.markUninteresting(walk.parseCommit(ObjectId.fromString(pr.head().get())));
      int seen = 0;
      for (RevCommit commit : walk) {
        boolean names =
            commit.getFooterLines(TRAILER).stream()
                .anyMatch(value -> value.strip().equals(pr.number().toString()));
        if (names && madeByTheHub(commit)) {
          return Optional.of(
              PrEvent.merge(
                  commit.getAuthorIdent().getName(),
                  commit.getCommitterIdent().getWhenAsInstant(),
                  commit.getName()));
        }
        if (++seen >= MAX_COMMITS) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a trailer commit is a merge the hub made rather than a pushed look-alike: the hub notes
   * a merge commit with the merging account, who is also its author; a pushed commit is noted with
   * its pusher, whatever its author line says. A crash may come before the note, so a commit
   * without a note counts as the hub's.
   */
  private boolean madeByTheHub(RevCommit commit) throws IOException {
    try (PushNotes.Reader notes = new PushNotes(repository).reader()) {
      return notes
          .of(commit)
          .map(note -> note.actor().equals(commit.getAuthorIdent().getName()))
          .orElse(true);
    }
  }
}
