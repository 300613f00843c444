package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.internal.ChangedFilesValidator;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.internal.Quarantine;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.SquashMerge;
import dev.evalhub.storage.internal.WriteSections;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * One merge of a pull request, in two durable steps: (1) main moves, by compare-and-set, to a new
 * squash commit (main's tree merged in memory with the head's, validated again) whose message ends
 * with the trailer {@code Pull-Request: N}; (2) the merge and the status change are appended to the
 * record. A crash between the two is repaired when the hub next starts ({@link MergeRepair}, before
 * serving). Squash rather than a merge commit: main stays a line of commits that each passed
 * validation as a whole, and one PR is one step of the audit trail (its own commits stay reachable
 * at {@code refs/pr/N}). Not thread-safe; one per merge.
 */
final class PullRequestMerge {

  /** For the crash test only: halts the JVM between the two steps, as a power cut would. */
  static final String HALT_AFTER_MAIN_MOVED = "evalhub.test.haltAfterMergeCommit";

  private final RepoId repo;
  private final Repository repository;
  private final PullRequestRecords records;
  private final EventLog events;
  private final EvalFormats formats;
  private final long maxRepoBytes;
  private final Writers writers;

  PullRequestMerge(
      RepoId repo,
      Repository repository,
      PullRequestRecords records,
      EventLog events,
      EvalFormats formats,
      long maxRepoBytes,
      Writers writers) {
    this.writers = writers;
    this.maxRepoBytes = maxRepoBytes;
    this.repo = repo;
    this.repository = repository;
    this.records = records;
    this.events = events;
    this.formats = formats;
  }

  MergeResult merge(PrNumber number, String actor, Optional<String> comment) throws IOException {
    return RetryPolicy.run(
        () -> attempt(number, actor, comment),
        attempts ->
            HubException.conflict("main of " + repo + " keeps moving; try the merge again"));
  }

  /**
   * One attempt at the merge; empty when another writer moved main first (the merge is then
   * computed again).
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  private Optional<MergeResult> attempt(PrNumber number, String actor, Optional<String> comment)
      throws IOException {
    PullRequest pr = records.get(number).orElseThrow(() -> records.notFound(number));
    if (!pr.isPullRequest()) {
      throw HubException.invalid(
          "#" + number + " is a discussion, not a pull request: it has nothing to merge");
    }
    if (pr.status() != PrStatus.OPEN) {
      throw HubException.conflict("pull request #" + number + " is " + pr.status().id());
    }
    ObjectId head =
        ObjectId.fromString(
            pr.head()
                .orElseThrow(
                    () ->
                        HubException.conflict(
                            "nothing was pushed to pull request #" + number + " yet")));
    if (new MergeRepair(repository).missedMerge(pr).isPresent()) {
      // Another request (of this process or another instance) moved main to this pull request's
      // merge and has not recorded it yet: merging again would add an empty second merge commit.
      throw HubException.conflict("pull request #" + number + " is merged");
    }
    Ref mainRef = repository.exactRef(RefNames.MAIN);
    if (mainRef == null) {
      throw HubException.conflict(
          repo + " has no commit on main yet: there is nothing to merge into");
    }
    ObjectId main = mainRef.getObjectId();
    Instant now = records.now();
    PersonIdent ident = PullRequestRecords.ident(actor, now);
    ObjectId commit;
    // The merged trees and commit wait in a quarantine: a conflicting or invalid merge leaves
    // nothing behind.
    try (Quarantine quarantine = Quarantine.open(repository)) {
      SquashMerge.Outcome outcome = new SquashMerge(quarantine.repository()).merge(main, head);
      if (outcome.tree().isEmpty()) {
        return Optional.of(MergeResult.conflict(outcome.conflictingFiles()));
      }
      commit =
          commit(quarantine.repository(), outcome.tree().get(), main, ident, message(pr, comment));
      List<FileProblem> problems;
      try (ObjectReader reader = quarantine.repository().newObjectReader()) {
        problems = new ChangedFilesValidator(formats, reader).validate(main, commit);
      }
      if (problems.stream().anyMatch(FileProblem::isError)) {
        return Optional.of(MergeResult.invalid(problems));
      }
      Commits.land(quarantine, maxRepoBytes, repo);
    }
    CrashPoint.reached("merge-commit-inserted");
    // One write section from main's move through the record's: a storage that closes between the
    // two is not a clean stop (its writer file stays, so the next start repairs the merge).
    PullRequest merged;
    try (WriteSections.Section writing = WriteSections.begin()) {
      // Step 1: main moves, and the move is published (event and note) at once.
      RefWriter.Outcome moved =
          new RefWriter(repository)
              .publish(
                  RefNames.MAIN,
                  main,
                  commit,
                  "merge pull request",
                  List.of(main),
                  new RefWriter.Publication(events, repo, new AccountName(actor), now),
                  "merge-ref-updated");
      if (!moved.isDone()) {
        return Optional.empty();
      }
      if (Boolean.getBoolean(HALT_AFTER_MAIN_MOVED)) {
        Runtime.getRuntime().halt(1);
      }
      CrashPoint.reached("merge-main-moved");
      try {
        merged = recordMerge(number, actor, comment, now, commit);
      } catch (IOException | RuntimeException e) {
        // Main holds the merge, the record says open: what MergeRepair completes at the next start.
        writers.markUnclean("the record of the merge of " + repo + " #" + number + " failed");
        throw e;
      }
    }
    return Optional.of(MergeResult.merged(merged));
  }

  private PullRequest recordMerge(
      PrNumber number, String actor, Optional<String> comment, Instant now, ObjectId commit)
      throws IOException {
    return records.update(
        number,
        actor,
        current -> {
          if (current.status() != PrStatus.OPEN) {
            return List.of();
          }
          List<PrEvent> added = new ArrayList<>();
          comment
              .filter(c -> !c.isBlank())
              .ifPresent(c -> added.add(PrEvent.comment(actor, now, c.strip())));
          added.add(PrEvent.merge(actor, now, commit.name()));
          added.add(PrEvent.statusChange(actor, now, PrStatus.MERGED));
          return added;
        });
  }

  private static String message(PullRequest pr, Optional<String> comment) {
    String body = comment.filter(c -> !c.isBlank()).map(c -> c.strip() + "\n\n").orElse("");
    return "Merge pull request #"
        + pr.number()
        + ": "
        + pr.title()
        + "\n\n"
        + body
        + MergeRepair.TRAILER
        + ": "
        + pr.number()
        + "\n";
  }

  private static ObjectId commit(
      Repository repository, ObjectId tree, ObjectId parent, PersonIdent ident, String message)
      throws IOException {
    RecordText.requireCommitMessage(message);
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setParentId(parent);
      cb.setAuthor(ident);
      cb.setCommitter(ident);
      cb.setMessage(message);
      ObjectId id = inserter.insert(cb);
      inserter.flush();
      return id;
    }
  }
}
