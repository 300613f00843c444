package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.internal.PushNotes;
import dev.evalhub.storage.internal.PushedMessage;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.WriteSections;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The pull-request heads ({@code refs/pr/N}) of one repository, for one acting account, whatever
 * the channel: who may move a head, opening a pull request (record first, which allocates the
 * number, then {@code refs/pr/N}, published with its event and push note), moving a head (the
 * commit API) and recording a move as a push event of the record. The commit API calls it straight;
 * a git push reaches it through {@link PullRequestPushes}, the push hook's adapter. Not
 * thread-safe; one per repository access.
 */
final class PullRequestHeads {

  private final RepoId repo;
  private final Repository repository;
  private final PullRequestRecords records;
  private final EventLog events;
  private final String actor;
  private final PushPermissions permissions;

  /**
   * For the commit API's pull requests, whose caller has decided whether {@code actor} is a writer.
   */
  PullRequestHeads(
      RepoId repo,
      Repository repository,
      PullRequestRecords records,
      EventLog events,
      String actor,
      boolean writer) {
    this(repo, repository, records, events, actor, PushPermissions.of(writer, actor));
  }

  PullRequestHeads(
      RepoId repo,
      Repository repository,
      PullRequestRecords records,
      EventLog events,
      String actor,
      PushPermissions permissions) {
    this.repo = repo;
    this.repository = repository;
    this.records = records;
    this.events = events;
    this.actor = actor;
    this.permissions = permissions;
  }

  RepoId repo() {
    return repo;
  }

  /**
   * Why the actor may not move (or, {@code delete}, delete) {@code refs/pr/N}; empty when it may.
   */
  Optional<String> refusal(PrNumber number, boolean delete) throws IOException {
    Optional<PullRequest> pr = records.get(number);
    if (pr.isEmpty() || !pr.get().isPullRequest()) {
      return Optional.of(
          "pull request #" + number + " does not exist: open one by pushing to refs/for/main");
    }
    if (delete) {
      return Optional.of("pull request refs are kept: they cannot be deleted");
    }
    if (pr.get().status() != PrStatus.OPEN) {
      return Optional.of(
          "pull request #" + number + " is " + pr.get().status().id() + ": no more pushes");
    }
    if (!permissions.mayPushPullRequest(pr.get().author())) {
      return Optional.of(
          "only the author of #" + number + " and the writers of " + repo + " may push to it");
    }
    return Optional.empty();
  }

  /**
   * Opens a pull request whose head is the commit {@code head} (already in the repository): its
   * record, titled by the commit's subject, then {@code refs/pr/N}, published with its event and
   * the note of the commits it brings beyond main.
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  PullRequest open(ObjectId head) throws IOException {
    RevCommit commit;
    try (RevWalk walk = new RevWalk(repository)) {
      commit = walk.parseCommit(head);
    }
    // One write section from the record's creation through the head's move: a storage that closes
    // between the two is not a clean stop.
    try (WriteSections.Section writing = WriteSections.begin()) {
      return open(commit, head);
    }
  }

  private PullRequest open(RevCommit commit, ObjectId head) throws IOException {
    Instant now = records.now();
    PushedMessage message = PushedMessage.of(commit.getFullMessage());
    String title = message.title().isEmpty() ? "Changes from " + actor : message.title();
    PullRequest pr =
        records.create(
            actor,
            new NewDiscussion(title, message.body(), true),
            List.of(
                PrEvent.push(actor, now, ObjectId.zeroId().name(), head.name(), message.title())));
    String ref = RefNames.pullRequest(pr.number().value());
    Optional<ObjectId> main =
        Optional.ofNullable(repository.exactRef(RefNames.MAIN)).map(r -> r.getObjectId());
    RefWriter.Outcome outcome =
        new RefWriter(repository)
            .publish(
                ref, ObjectId.zeroId(), head, "", main.stream().toList(), publication(now), "");
    if (outcome != RefWriter.Outcome.UPDATED) {
      throw new StorageException("cannot create " + ref + " of " + repo + ": " + outcome, null);
    }
    return pr;
  }

  /**
   * Moves {@code refs/pr/N} from {@code oldId} to {@code newId} (the commit API) and publishes the
   * move (event, note of the commits beyond {@code known}); when it moved, records it as a push
   * event of the record.
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  RefWriter.Outcome move(PrNumber number, ObjectId oldId, ObjectId newId, List<ObjectId> known)
      throws IOException {
    // One write section from the head's move through the record's push event.
    try (WriteSections.Section writing = WriteSections.begin()) {
      RefWriter.Outcome outcome =
          new RefWriter(repository)
              .publish(
                  RefNames.pullRequest(number.value()),
                  oldId,
                  newId,
                  "",
                  known,
                  publication(records.now()),
                  "");
      if (outcome.isDone()) {
        pushed(number, oldId, newId);
      }
      return outcome;
    }
  }

  /**
   * Records a move of {@code refs/pr/N} from {@code oldId} to {@code newId} as a push event of its
   * record.
   */
  void pushed(PrNumber number, ObjectId oldId, ObjectId newId) throws IOException {
    String subject;
    try (RevWalk walk = new RevWalk(repository)) {
      subject = PushedMessage.of(walk.parseCommit(newId).getFullMessage()).title();
    }
    records.update(
        number,
        actor,
        pr -> List.of(PrEvent.push(actor, records.now(), oldId.name(), newId.name(), subject)));
  }

  /**
   * Notes the actor on the commits that {@code newTip} brings beyond {@code known} (a ref JGit
   * moved).
   */
  void noteCommits(ObjectId newTip, List<ObjectId> known, String ref) throws IOException {
    new PushNotes(repository).record(newTip, known, actor, records.now(), ref);
  }

  private RefWriter.Publication publication(Instant time) {
    return new RefWriter.Publication(events, repo, new AccountName(actor), time);
  }
}
