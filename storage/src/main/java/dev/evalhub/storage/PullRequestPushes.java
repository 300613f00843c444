package dev.evalhub.storage;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.internal.PushHook;
import dev.evalhub.storage.internal.PushNotes;
import dev.evalhub.storage.internal.PushedMessage;
import dev.evalhub.storage.internal.RefWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * The pull-request side of one push by one account: who may push to {@code refs/pr/N}, opening a pull request from
 * {@code refs/for/main} (record first, which allocates the number, then {@code refs/pr/N}), recording pushes as
 * record events, and noting the pushing account on new commits. Not thread-safe; one per push.
 */
final class PullRequestPushes implements PushHook.PullRequestSide {

  private final RepoId repo;
  private final Repository repository;
  private final PullRequestRecords records;
  private final EventLog events;
  private final String actor;
  private final PushPermissions permissions;
  private final String baseUrl;

  /** For the commit API's pull requests, whose caller has decided whether {@code actor} is a writer. */
  PullRequestPushes(RepoId repo, Repository repository, PullRequestRecords records, EventLog events, String actor,
      boolean writer, String baseUrl) {
    this(repo, repository, records, events, actor, PushPermissions.of(writer, actor), baseUrl);
  }

  PullRequestPushes(RepoId repo, Repository repository, PullRequestRecords records, EventLog events, String actor,
      PushPermissions permissions, String baseUrl) {
    this.repo = repo;
    this.repository = repository;
    this.records = records;
    this.events = events;
    this.actor = actor;
    this.permissions = permissions;
    this.baseUrl = baseUrl;
  }

  @Override
  public Optional<String> refusal(int number, ReceiveCommand.Type type) {
    Optional<PullRequest> pr = io(() -> records.get(new PrNumber(number)));
    if (pr.isEmpty() || !pr.get().isPullRequest()) {
      return Optional.of("pull request #" + number + " does not exist: open one by pushing to refs/for/main");
    }
    if (type == ReceiveCommand.Type.DELETE) {
      return Optional.of("pull request refs are kept: they cannot be deleted");
    }
    if (pr.get().status() != PrStatus.OPEN) {
      return Optional.of("pull request #" + number + " is " + pr.get().status().id() + ": no more pushes");
    }
    if (!permissions.mayPushPullRequest(pr.get().author())) {
      return Optional.of("only the author of #" + number + " and the writers of " + repo + " may push to it");
    }
    return Optional.empty();
  }

  @Override
  public String open(ObjectId head) {
    PullRequest pr = create(head);
    return "Pull request #" + pr.number() + ": " + baseUrl + "/" + repo.urlPath() + "/discussions/" + pr.number();
  }

  /**
   * Opens a pull request whose head is the commit {@code head} (already in the repository): its record, titled by
   * the commit's subject, then {@code refs/pr/N}. Also used by the commit API's {@code create_pr}.
   */
  PullRequest create(ObjectId head) {
    return io(() -> {
      RevCommit commit;
      try (RevWalk walk = new RevWalk(repository)) {
        commit = walk.parseCommit(head);
      }
      Instant now = records.now();
      PushedMessage message = PushedMessage.of(commit.getFullMessage());
      String title = message.title().isEmpty() ? "Changes from " + actor : message.title();
      PullRequest pr = records.create(actor, new NewDiscussion(title, message.body(), true),
          List.of(PrEvent.push(actor, now, ObjectId.zeroId().name(), head.name(), message.title())));
      String ref = RefNames.pullRequest(pr.number().value());
      RefUpdate.Result result = RefWrites.update(repository, ref, ObjectId.zeroId(), () -> {
        RefUpdate update = repository.updateRef(ref);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setNewObjectId(head);
        update.setRefLogIdent(PullRequestRecords.ident(actor, now));
        return update;
      });
      if (result != RefUpdate.Result.NEW) {
        throw new StorageException("cannot create " + ref + " of " + repo + ": " + result, null);
      }
      events.append(List.of(new RefEvent.Pending(repo, ref, ObjectId.zeroId().name(), head.name(), actor)));
      Optional<ObjectId> main = Optional.ofNullable(repository.exactRef(RefNames.MAIN)).map(r -> r.getObjectId());
      new PushNotes(repository).record(head, main.stream().toList(), actor, now, ref);
      return pr;
    });
  }

  @Override
  public void pushed(int number, ObjectId oldId, ObjectId newId) {
    io(() -> {
      String subject;
      try (RevWalk walk = new RevWalk(repository)) {
        subject = PushedMessage.of(walk.parseCommit(newId).getFullMessage()).title();
      }
      return records.update(new PrNumber(number), actor,
          pr -> List.of(PrEvent.push(actor, records.now(), oldId.name(), newId.name(), subject)));
    });
  }

  @Override
  public void noteCommits(ObjectId newTip, List<ObjectId> known, String ref) {
    io(() -> {
      new PushNotes(repository).record(newTip, known, actor, records.now(), ref);
      return null;
    });
  }

  /** An action on the repository whose I/O failure fails the push. */
  @FunctionalInterface
  private interface Io<T> {
    T run() throws IOException;
  }

  private static <T> T io(Io<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
