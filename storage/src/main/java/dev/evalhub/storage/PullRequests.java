package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagStatus;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Discussions and pull requests of the hub's repositories, as git mechanics: the read view ({@link
 * #get}, {@link #list}) and every change (open, comment, change status, merge). Records live in the
 * repository itself ({@code refs/meta/pr/N}, see {@link RefNames}); heads at {@code refs/pr/N}.
 * Every change is one record commit by the acting account and one {@link RefEvent}. Trusts its
 * caller: who may read or change what is decided above, by the service layer; {@code repo} must
 * exist (as {@link Repositories#find} spells it). Thread-safe.
 */
public final class PullRequests {

  private final Repositories repositories;
  private final EventLog events;
  private final EvalFormats formats;
  private final Clock clock;
  private final Writers writers;

  PullRequests(
      Repositories repositories,
      EventLog events,
      EvalFormats formats,
      Clock clock,
      Writers writers) {
    this.writers = writers;
    this.repositories = repositories;
    this.events = events;
    this.formats = formats;
    this.clock = clock;
  }

  /** Every discussion and pull request of {@code repo}, by number. */
  public List<PullRequest> list(RepoId repo) {
    return withRecords(repo, PullRequestRecords::list);
  }

  /** Discussion or pull request {@code number}; NOT_FOUND when there is none. */
  public PullRequest get(RepoId repo, PrNumber number) {
    return withRecords(
        repo, records -> records.get(number).orElseThrow(() -> records.notFound(number)));
  }

  /**
   * Completes the merges that a crash left half-recorded in every repository (main moved, the
   * record still open): a write, run once at start before serving. A repository that cannot be
   * repaired is skipped and reported in the answer; the others are repaired. Returns one line per
   * record completed or repository failed.
   */
  public List<String> repairInterruptedMerges() {
    return repairInterruptedMerges(Instant.MAX);
  }

  /**
   * Completes, as {@link #repairInterruptedMerges()}, the interrupted merges whose merge commit was
   * made before {@code before}: what the leader of several instances runs, where a younger one may
   * be a live instance's merge between its two steps (which both complete with a compare-and-set
   * that adds the merge once).
   */
  public List<String> repairInterruptedMerges(Instant before) {
    List<String> report = new ArrayList<>();
    for (RepoInfo repo : repositories.list()) {
      try {
        withRecords(repo.id(), records -> records.repairInterruptedMerges(before))
            .forEach(n -> report.add("completed the interrupted merge of " + repo.id() + " #" + n));
      } catch (RuntimeException e) {
        report.add("cannot repair the merges of " + repo.id() + ": " + e.getMessage());
      }
    }
    return report;
  }

  /**
   * The merges a crash interrupted, one line each ({@code alice/gpt #3}), without repairing them.
   */
  public List<String> interruptedMerges() {
    List<String> found = new ArrayList<>();
    for (RepoInfo repo : repositories.list()) {
      try {
        withRecords(repo.id(), PullRequestRecords::interruptedMerges)
            .keySet()
            .forEach(n -> found.add(repo.id() + " #" + n));
      } catch (RuntimeException e) {
        found.add(repo.id() + ": cannot read its records: " + e.getMessage());
      }
    }
    return found;
  }

  /**
   * Opens a discussion, or a pull request whose head is pushed to {@code refs/pr/N} later, by
   * {@code actor}.
   */
  public PullRequest open(RepoId repo, String actor, NewDiscussion what) {
    return withRecords(repo, records -> records.create(actor, what, List.of()));
  }

  /**
   * Raises a flag by {@code actor}: a discussion record of kind {@code flag}, titled and described
   * by {@code what} (the description is the evidence), numbered as discussions are.
   */
  public PullRequest openFlag(RepoId repo, String actor, NewDiscussion what, Flag flag) {
    if (flag.resolution().isPresent() || what.pullRequest()) {
      throw new IllegalArgumentException("a new flag is an open discussion");
    }
    return withRecords(repo, records -> records.create(actor, what, List.of(), Optional.of(flag)));
  }

  /**
   * Resolves flag {@code number} as {@code outcome} ({@link FlagStatus#UPHELD} or {@code REJECTED})
   * by {@code actor}, with {@code comment}: one record commit holding the comment, a status change
   * to closed and the flag's resolution. NOT_FOUND when the record is no flag, CONFLICT when it is
   * resolved already.
   */
  public PullRequest resolveFlag(
      RepoId repo, PrNumber number, String actor, FlagStatus outcome, String comment) {
    if (outcome == FlagStatus.OPEN) {
      throw new IllegalArgumentException("a flag is resolved as upheld or rejected");
    }
    String checked = RecordText.text("comment", comment == null ? "" : comment).strip();
    return withRecords(
        repo,
        records -> {
          java.time.Instant now = records.now();
          return records.update(
              number,
              actor,
              pr -> {
                Flag flag =
                    pr.flag()
                        .orElseThrow(
                            () ->
                                HubException.notFound("flag #" + number + " not found in " + repo));
                if (flag.resolution().isPresent()) {
                  throw HubException.conflict(
                      "flag #" + number + " is already " + flag.status().id());
                }
                List<PrEvent> added = new ArrayList<>();
                if (!checked.isEmpty()) {
                  added.add(PrEvent.comment(actor, now, checked));
                }
                added.add(PrEvent.statusChange(actor, now, PrStatus.CLOSED));
                return added;
              },
              pr ->
                  pr.withFlag(
                      pr.flag().map(f -> f.resolved(new Flag.Resolution(outcome, actor, now)))));
        });
  }

  /**
   * Appends {@code actor}'s comment; INVALID when the text is empty or not acceptable record text.
   */
  public PullRequest comment(RepoId repo, PrNumber number, String actor, String text) {
    String checked = RecordText.text("comment", text == null ? "" : text).strip();
    if (checked.isEmpty()) {
      throw HubException.invalid("comment: a comment needs text");
    }
    return withRecords(
        repo,
        records ->
            records.update(
                number, actor, pr -> List.of(PrEvent.comment(actor, records.now(), checked))));
  }

  /**
   * Closes or reopens (with an optional comment) as {@code actor}: {@code status} is {@link
   * PrStatus#OPEN} or {@link PrStatus#CLOSED} (a merge is {@link #merge}); a merged pull request
   * stays merged (CONFLICT), and so does one already in {@code status}.
   */
  public PullRequest changeStatus(
      RepoId repo, PrNumber number, String actor, PrStatus status, Optional<String> comment) {
    if (status == PrStatus.MERGED) {
      throw new IllegalArgumentException(
          "a pull request is merged by merge(), not by a status change");
    }
    Optional<String> checked = comment.map(c -> RecordText.text("comment", c));
    return withRecords(
        repo,
        records ->
            records.update(
                number,
                actor,
                pr -> {
                  if (pr.status() == PrStatus.MERGED) {
                    throw HubException.conflict(
                        "#" + number + " is merged; its status cannot change");
                  }
                  if (pr.flag().isPresent()) {
                    throw HubException.conflict(
                        "#" + number + " is a flag: it is resolved through its flag endpoint");
                  }
                  if (pr.status() == status) {
                    throw HubException.conflict("#" + number + " is already " + status.id());
                  }
                  List<PrEvent> added = new ArrayList<>();
                  checked
                      .filter(c -> !c.isBlank())
                      .ifPresent(c -> added.add(PrEvent.comment(actor, records.now(), c.strip())));
                  added.add(PrEvent.statusChange(actor, records.now(), status));
                  return added;
                }));
  }

  /**
   * Merges pull request {@code number} into main as one squash commit by {@code actor} naming it
   * (see {@link PullRequestMerge}). A conflict or invalid files are outcomes, not exceptions;
   * nothing changes then.
   */
  public MergeResult merge(RepoId repo, PrNumber number, String actor, Optional<String> comment) {
    Optional<String> checked = comment.map(c -> RecordText.text("comment", c));
    // No quota on a merge: its objects are mostly the pull request's own, counted when they were
    // pushed.
    return withRecords(
        repo,
        records ->
            new PullRequestMerge(repo, records.repository(), records, events, formats, 0, writers)
                .merge(number, actor, checked));
  }

  /**
   * The files that conflict with main now, and the diff of the pull request; {@link PrChanges#NONE}
   * otherwise.
   */
  public PrChanges changes(RepoId repo, PrNumber number) {
    return withRecords(
        repo,
        records -> {
          PullRequest pr = records.get(number).orElseThrow(() -> records.notFound(number));
          if (!pr.isPullRequest() || pr.head().isEmpty()) {
            return PrChanges.NONE;
          }
          return new PrDiff(records.repository())
              .changes(ObjectId.fromString(pr.head().get()), pr.status() == PrStatus.OPEN);
        });
  }

  /** Records for the push hook, which has the repository open already. */
  PullRequestRecords records(RepoId repo, Repository repository) {
    return new PullRequestRecords(repo, repository, events, clock);
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
