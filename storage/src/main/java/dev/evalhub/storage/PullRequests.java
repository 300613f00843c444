package dev.evalhub.storage;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.internal.PrDiff;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Discussions and pull requests of the hub's repositories: the read view ({@link #get}, {@link #list}) and every
 * change (open, comment, change status, merge), with the permission rules of the spec. Records live in the
 * repository itself ({@code refs/meta/pr/N}, see {@link RefNames}); heads at {@code refs/pr/N}. Every change is
 * one record commit by the authenticated account and one {@link RefEvent}. Thread-safe.
 *
 * <p>Permissions: anyone who may read a repository may read its discussions; any signed-in account with a write
 * token opens discussions and pull requests on repositories it can read, and comments; the author and the
 * repository's writers close; writers reopen and merge. A private repository is "not found" for others.
 */
public final class PullRequests {

  private final Repositories repositories;
  private final Access access;
  private final EventLog events;
  private final EvalFormats formats;
  private final Clock clock;

  PullRequests(Repositories repositories, Access access, EventLog events, EvalFormats formats, Clock clock) {
    this.repositories = repositories;
    this.access = access;
    this.events = events;
    this.formats = formats;
    this.clock = clock;
  }

  /** Every discussion and pull request of {@code repo}, by number. */
  public List<PullRequest> list(RepoId repo, Optional<Caller> caller) {
    RepoInfo info = visible(repo, caller);
    return withRecords(info.id(), PullRequestRecords::list);
  }

  /**
   * {@link #list} without the visibility check: for the history, which checks it itself, and for the index, which
   * reads every repository.
   */
  public List<PullRequest> listAsAdministrator(RepoId repo) {
    return withRecords(repo, PullRequestRecords::list);
  }

  public PullRequest get(RepoId repo, PrNumber number, Optional<Caller> caller) {
    RepoInfo info = visible(repo, caller);
    return withRecords(info.id(), records -> records.get(number).orElseThrow(() -> records.notFound(number)));
  }

  /**
   * Completes the merges that a crash left half-recorded in every repository (main moved, the record still open):
   * a write, run once at start before serving. A repository that cannot be repaired is skipped and reported in
   * the answer; the others are repaired. Returns one line per record completed or repository failed.
   */
  public List<String> repairInterruptedMerges() {
    List<String> report = new ArrayList<>();
    for (RepoInfo repo : repositories.list()) {
      try {
        withRecords(repo.id(), PullRequestRecords::repairInterruptedMerges)
            .forEach(n -> report.add("completed the interrupted merge of " + repo.id() + " #" + n));
      } catch (RuntimeException e) {
        report.add("cannot repair the merges of " + repo.id() + ": " + e.getMessage());
      }
    }
    return report;
  }

  /** The merges a crash interrupted, one line each ({@code alice/gpt #3}), without repairing them. */
  public List<String> interruptedMerges() {
    List<String> found = new ArrayList<>();
    for (RepoInfo repo : repositories.list()) {
      try {
        withRecords(repo.id(), PullRequestRecords::interruptedMerges).keySet()
            .forEach(n -> found.add(repo.id() + " #" + n));
      } catch (RuntimeException e) {
        found.add(repo.id() + ": cannot read its records: " + e.getMessage());
      }
    }
    return found;
  }

  /** Opens a discussion, or a pull request whose head is pushed to {@code refs/pr/N} later. */
  public PullRequest open(RepoId repo, Caller caller, NewDiscussion what) {
    RepoInfo info = visible(repo, Optional.of(caller));
    requireWriteToken(caller);
    return withRecords(info.id(), records -> records.create(caller.user(), what, List.of()));
  }

  public PullRequest comment(RepoId repo, PrNumber number, Caller caller, String text) {
    RepoInfo info = visible(repo, Optional.of(caller));
    requireWriteToken(caller);
    String checked = RecordText.text("comment", text == null ? "" : text).strip();
    if (checked.isEmpty()) {
      throw HubException.invalid("comment: a comment needs text");
    }
    return withRecords(info.id(), records -> records.update(number, caller.user(),
        pr -> List.of(PrEvent.comment(caller.user(), records.now(), checked))));
  }

  /**
   * Closes or reopens (with an optional comment): the author and writers close, writers reopen; a merged pull
   * request stays merged.
   */
  public PullRequest changeStatus(RepoId repo, PrNumber number, Caller caller, PrStatus status,
      Optional<String> comment) {
    RepoInfo info = visible(repo, Optional.of(caller));
    requireWriteToken(caller);
    Optional<String> checked = comment.map(c -> RecordText.text("comment", c));
    if (status == PrStatus.MERGED) {
      throw HubException.invalid("a pull request is merged with the merge endpoint, not by a status change");
    }
    boolean writer = access.canWrite(Optional.of(caller), info.id());
    return withRecords(info.id(), records -> records.update(number, caller.user(), pr -> {
      boolean allowed = writer || (status == PrStatus.CLOSED && pr.author().equals(caller.user()));
      if (!allowed) {
        throw HubException.forbidden(status == PrStatus.CLOSED
            ? "only the author of #" + number + " and the writers of " + info.id() + " may close it"
            : "only the writers of " + info.id() + " may reopen #" + number);
      }
      if (pr.status() == PrStatus.MERGED) {
        throw HubException.conflict("#" + number + " is merged; its status cannot change");
      }
      if (pr.status() == status) {
        throw HubException.conflict("#" + number + " is already " + status.id());
      }
      List<PrEvent> added = new ArrayList<>();
      checked.filter(c -> !c.isBlank()).ifPresent(c -> added.add(PrEvent.comment(caller.user(), records.now(),
          c.strip())));
      added.add(PrEvent.statusChange(caller.user(), records.now(), status));
      return added;
    }));
  }

  /**
   * Merges pull request {@code number} into main as one squash commit naming it (see {@link PullRequestMerge}).
   * Only writers merge. A conflict or invalid files are outcomes, not exceptions; nothing changes then.
   */
  public MergeResult merge(RepoId repo, PrNumber number, Caller caller, Optional<String> comment) {
    RepoInfo info = visible(repo, Optional.of(caller));
    if (!access.canWrite(Optional.of(caller), info.id())) {
      throw HubException.forbidden("only the writers of " + info.id() + " (with a write token) may merge");
    }
    Optional<String> checked = comment.map(c -> RecordText.text("comment", c));
    // No quota on a merge: its objects are mostly the pull request's own, counted when they were pushed.
    return withRecords(info.id(), records -> new PullRequestMerge(info.id(), records.repository(), records,
        events, formats, 0).merge(number, caller.user(), checked));
  }

  /** The files that conflict with main now, and the diff of the pull request; {@link PrChanges#NONE} otherwise. */
  public PrChanges changes(RepoId repo, PrNumber number, Optional<Caller> caller) {
    RepoInfo info = visible(repo, caller);
    return withRecords(info.id(), records -> {
      PullRequest pr = records.get(number).orElseThrow(() -> records.notFound(number));
      if (!pr.isPullRequest() || pr.head().isEmpty()) {
        return PrChanges.NONE;
      }
      return new PrDiff(records.repository()).changes(ObjectId.fromString(pr.head().get()),
          pr.status() == PrStatus.OPEN);
    });
  }

  /** Records for the push hook, which has the repository open already. */
  PullRequestRecords records(RepoId repo, Repository repository) {
    return new PullRequestRecords(repo, repository, events, clock);
  }

  private RepoInfo visible(RepoId repo, Optional<Caller> caller) {
    return repositories.find(repo).filter(info -> access.canRead(caller, info))
        .orElseThrow(() -> HubException.repoNotFound(repo));
  }

  private static void requireWriteToken(Caller caller) {
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot open, comment on or change discussions");
    }
  }

  /** What runs with the records of an opened repository. */
  @FunctionalInterface
  private interface WithRecords<T> {
    T run(PullRequestRecords records) throws IOException;
  }

  private <T> T withRecords(RepoId repo, WithRecords<T> action) {
    try (Repository repository = repositories.open(repo)) {
      return action.run(new PullRequestRecords(repo, repository, events, clock));
    } catch (IOException e) {
      throw new StorageException("cannot read or write the discussions of " + repo, e);
    }
  }
}
