package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.internal.PrRecordStore;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.WriteSections;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Creates and updates discussion records of one opened repository, each change one commit with a
 * compare-and-set (a lost race re-reads and applies the change again), and appends a ref event for
 * the record ref. Merges that a crash left half-recorded are completed by {@link
 * #repairInterruptedMerges} (at start, never on read). Used by {@link PullRequests} and the push
 * hook; not thread-safe, one per repository access.
 */
final class PullRequestRecords {

  private final RepoId repo;
  private final Repository repository;
  private final PrRecordStore store;
  private final EventLog events;
  private final Clock clock;

  PullRequestRecords(RepoId repo, Repository repository, EventLog events, Clock clock) {
    this.repo = repo;
    this.repository = repository;
    this.store = new PrRecordStore(repository);
    this.events = events;
    this.clock = clock;
  }

  Repository repository() {
    return repository;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Every record, by number, as git holds it (a read never writes: see {@link
   * #repairInterruptedMerges}).
   */
  List<PullRequest> list() throws IOException {
    List<PullRequest> all = new java.util.ArrayList<>();
    for (int n : store.numbers()) {
      get(new PrNumber(n)).ifPresent(all::add);
    }
    all.sort(Comparator.comparingInt(pr -> pr.number().value()));
    return all;
  }

  /** The record {@code number} as git holds it; empty when there is none. Never writes. */
  Optional<PullRequest> get(PrNumber number) throws IOException {
    return store.read(number).map(PrRecordStore.Loaded::record);
  }

  /**
   * Completes every merge that a crash left half-recorded ({@link MergeRepair}): the record gets
   * the merge and the status change, as one commit, and an event. A write, so it runs once at
   * start, before serving, never inside a read or ingestion. Returns the numbers of the records
   * completed.
   */
  List<PrNumber> repairInterruptedMerges(Instant before) throws IOException {
    List<PrNumber> repaired = new java.util.ArrayList<>();
    for (java.util.Map.Entry<PrNumber, PrEvent> missed : interruptedMerges().entrySet()) {
      PrEvent merge = missed.getValue();
      if (!merge.time().isBefore(before)) {
        continue;
      }
      update(
          missed.getKey(),
          merge.actor(),
          current ->
              current.status() == PrStatus.OPEN
                  ? List.of(
                      merge, PrEvent.statusChange(merge.actor(), merge.time(), PrStatus.MERGED))
                  : List.of());
      repaired.add(missed.getKey());
    }
    return repaired;
  }

  /** The records whose merge a crash interrupted, with the merge event each misses; reads only. */
  java.util.Map<PrNumber, PrEvent> interruptedMerges() throws IOException {
    java.util.Map<PrNumber, PrEvent> missed =
        new java.util.TreeMap<>(Comparator.comparingInt(PrNumber::value));
    MergeRepair repair = new MergeRepair(repository);
    for (int n : store.numbers()) {
      Optional<PullRequest> pr = get(new PrNumber(n));
      if (pr.isPresent()) {
        repair.missedMerge(pr.get()).ifPresent(merge -> missed.put(new PrNumber(n), merge));
      }
    }
    return missed;
  }

  /**
   * Creates the next record; numbers are allocated by a create-only ref update, so they are never
   * reused.
   */
  PullRequest create(String actor, NewDiscussion what, List<PrEvent> first) throws IOException {
    return create(actor, what, first, Optional.empty());
  }

  /** Creates the next record, a flag when {@code flag} is present (same numbering). */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  PullRequest create(String actor, NewDiscussion what, List<PrEvent> first, Optional<Flag> flag)
      throws IOException {
    Instant now = first.isEmpty() ? clock.instant() : first.get(0).time();
    return RetryPolicy.run(
        () -> {
          int next = store.numbers().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
          PullRequest record =
              new PullRequest(
                  new PrNumber(next),
                  what.title(),
                  what.description(),
                  actor,
                  PrStatus.OPEN,
                  what.pullRequest(),
                  now,
                  now,
                  first,
                  Optional.empty(),
                  flag);
          // One section from the record's move to its event's append.
          try (WriteSections.Section writing = WriteSections.begin()) {
            if (store.write(
                    record,
                    ObjectId.zeroId(),
                    ident(actor, now),
                    (flag.isPresent() ? "Flag #" : "Open #") + next + ": " + what.title())
                != PrRecordStore.WriteResult.WRITTEN) {
              return Optional.empty();
            }
            recordEvent(next, ObjectId.zeroId(), actor);
          }
          return Optional.of(record);
        },
        attempts -> new StorageException("cannot allocate a pull request number in " + repo, null));
  }

  /**
   * Appends the events {@code change} derives from the current record (it may throw a {@link
   * HubException} to refuse, or return none to leave the record as it is) as one commit by {@code
   * actor}.
   */
  PullRequest update(PrNumber number, String actor, Function<PullRequest, List<PrEvent>> change)
      throws IOException {
    return update(number, actor, change, java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #update(PrNumber, String, Function)}, and {@code after} changes the record's own
   * fields (a flag's resolution) in the same commit, when events were added.
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  PullRequest update(
      PrNumber number,
      String actor,
      Function<PullRequest, List<PrEvent>> change,
      java.util.function.UnaryOperator<PullRequest> after)
      throws IOException {
    return RetryPolicy.run(
        () -> {
          PrRecordStore.Loaded loaded = store.read(number).orElseThrow(() -> notFound(number));
          List<PrEvent> added = change.apply(loaded.record());
          if (added.isEmpty()) {
            return Optional.of(loaded.record());
          }
          // A guard behind the channels, which check first and name their fields: no invalid text
          // enters a record.
          added.forEach(
              event ->
                  RecordText.textProblem(event.text(), RecordText.MAX_TEXT_BYTES)
                      .ifPresent(
                          problem -> {
                            throw HubException.invalid(event.kind().id() + " text: " + problem);
                          }));
          PullRequest next = loaded.record();
          for (PrEvent event : added) {
            next = next.with(event);
          }
          next = after.apply(next);
          String message =
              "#"
                  + number
                  + ": "
                  + added.stream()
                      .map(e -> e.kind().id())
                      .distinct()
                      .reduce((a, b) -> a + ", " + b)
                      .orElse("");
          try (WriteSections.Section writing = WriteSections.begin()) {
            if (store.write(next, loaded.commit(), ident(actor, next.updated()), message)
                != PrRecordStore.WriteResult.WRITTEN) {
              return Optional.empty();
            }
            recordEvent(number.value(), loaded.commit(), actor);
          }
          return Optional.of(next);
        },
        attempts ->
            new StorageException(
                "cannot update pull request #"
                    + number
                    + " of "
                    + repo
                    + ": too many concurrent writers",
                null));
  }

  HubException notFound(PrNumber number) {
    return HubException.notFound("discussion #" + number + " not found in " + repo);
  }

  static PersonIdent ident(String actor, Instant time) {
    return new PersonIdent(actor, actor + "@users.evalhub.invalid", time, ZoneOffset.UTC);
  }

  private void recordEvent(int number, ObjectId old, String actor) throws IOException {
    String ref = RefNames.pullRequestRecord(number);
    ObjectId now = repository.exactRef(ref).getObjectId();
    events.append(
        List.of(
            new RefEvent.Pending(
                repo,
                new RefName(ref),
                RefWriter.commitId(old),
                RefWriter.commitId(now),
                new AccountName(actor))));
  }
}
