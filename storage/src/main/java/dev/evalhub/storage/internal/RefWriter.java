package dev.evalhub.storage.internal;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.storage.EventLog;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * The one place the hub moves a ref of a repository (in the manner of JGit's {@code RefUpdate} and
 * Gerrit's {@code VersionedMetaData}): a compare-and-set from an expected old id to a new id, whose
 * JGit {@link RefUpdate.Result} is mapped once, here, to an {@link Outcome}. JGit reports a held
 * lock and a lost race alike as {@code LOCK_FAILURE}; when the ref still holds the expected id the
 * failure was another writer's lock file, and the update is tried again for up to {@link
 * #LOCK_WAIT_MILLIS} ms (a live writer holds the lock for microseconds); a lock that stays is
 * refused with {@link HubException.Kind#LOCKED}, never as "moved" (a client told "moved" retries
 * forever). Stale locks of a crashed process are removed at start ({@link StaleLocks}). A
 * user-visible ref that moved is published as one step ({@link #publish}): its {@link RefEvent} is
 * appended to the event log and the acting account noted on the commits it brings ({@link
 * PushNotes}). JGit's own ref updates of a received push ({@code ReceivePack}) are not made here.
 * Not thread-safe; one per repository access.
 */
public final class RefWriter {

  /** How long an update waits for another writer's lock on the same ref before it is refused. */
  public static final long LOCK_WAIT_MILLIS = 2_000;

  /**
   * What became of one compare-and-set, whatever JGit's words for it ({@link #of}). {@link #update}
   * returns only {@link #UPDATED}, {@link #NO_CHANGE} and {@link #LOST_RACE}; it throws for the
   * others.
   */
  public enum Outcome {
    /**
     * The ref moved from the expected id to the new one ({@code NEW}, {@code FAST_FORWARD}, {@code
     * FORCED}).
     */
    UPDATED,
    /** The ref held the new id already ({@code NO_CHANGE}). */
    NO_CHANGE,
    /**
     * The ref no longer holds the expected id: another writer was first; re-read and apply again
     * ({@code LOCK_FAILURE} with the ref moved; {@code REJECTED}, a non-fast-forward, which a new
     * id built on the expected one only meets when the ref was rewritten meanwhile).
     */
    LOST_RACE,
    /**
     * Another writer's lock on the ref stayed past {@link #LOCK_WAIT_MILLIS} ({@code LOCK_FAILURE}
     * with the ref still at the expected id): thrown as {@link HubException.Kind#LOCKED}.
     */
    LOCKED,
    /**
     * JGit refused the update for another reason ({@code REJECTED_MISSING_OBJECT}, {@code
     * REJECTED_CURRENT_BRANCH}, {@code REJECTED_OTHER_REASON}, {@code NOT_ATTEMPTED}, {@code
     * RENAMED}): thrown as a {@link StorageException}.
     */
    REJECTED,
    /**
     * The ref could not be read or written ({@code IO_FAILURE}): thrown as a {@link
     * StorageException}.
     */
    IO_FAILURE;

    /**
     * The outcome of JGit's {@code result}; {@code stillExpected} tells whether the ref holds the
     * expected id after a {@code LOCK_FAILURE} (a held lock) or not (a lost race). The only mapping
     * of {@code RefUpdate.Result}.
     */
    public static Outcome of(RefUpdate.Result result, boolean stillExpected) {
      return switch (result) {
        case NEW, FAST_FORWARD, FORCED -> UPDATED;
        case NO_CHANGE -> NO_CHANGE;
        case LOCK_FAILURE -> stillExpected ? LOCKED : LOST_RACE;
        case REJECTED -> LOST_RACE;
        case REJECTED_MISSING_OBJECT,
            REJECTED_CURRENT_BRANCH,
            REJECTED_OTHER_REASON,
            NOT_ATTEMPTED,
            RENAMED ->
            REJECTED;
        case IO_FAILURE -> IO_FAILURE;
      };
    }

    /** Whether the ref now holds the new id. */
    public boolean isDone() {
      return this == UPDATED || this == NO_CHANGE;
    }
  }

  /** The record of a user-visible ref update: in which repository, by whom, when. Immutable. */
  public record Publication(EventLog events, RepoId repo, AccountName actor, Instant time) {}

  private final Repository repository;
  private final boolean mirror;

  /**
   * A writer of {@code repository}'s refs; when it is a read-only mirror ({@link MirrorMark}),
   * every update but the audit trail's notes is refused (FORBIDDEN, "NS/NAME is a mirror of URL:
   * read-only").
   */
  public RefWriter(Repository repository) {
    this(repository, false);
  }

  private RefWriter(Repository repository, boolean mirror) {
    this.repository = repository;
    this.mirror = mirror;
  }

  /** The writer of a mirror refresh: the one writer that moves the refs of a read-only mirror. */
  public static RefWriter forMirror(Repository repository) {
    return new RefWriter(repository, true);
  }

  /**
   * Moves {@code ref} from {@code expected} (zero id: the ref must not exist) to {@code newId},
   * with {@code ident} and {@code message} (may be empty) in its reflog. Returns {@link
   * Outcome#UPDATED}, {@link Outcome#NO_CHANGE} or {@link Outcome#LOST_RACE}.
   *
   * @throws HubException {@code LOCKED} when another writer's lock stays past the wait
   * @throws StorageException when JGit refuses the update otherwise or cannot write it
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  public Outcome update(
      String ref, ObjectId expected, ObjectId newId, PersonIdent ident, String message)
      throws IOException {
    try (WriteSections.Section writing = WriteSections.begin()) {
      return updateInSection(ref, expected, newId, ident, message);
    }
  }

  private Outcome updateInSection(
      String ref, ObjectId expected, ObjectId newId, PersonIdent ident, String message)
      throws IOException {
    if (!mirror && !ref.equals(dev.evalhub.storage.RefNames.PUSH_NOTES)) {
      java.util.Optional<String> refusal = MirrorMark.refusal(repository);
      if (refusal.isPresent()) {
        throw HubException.forbidden(refusal.get());
      }
    }
    long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
    long pause = 5;
    while (true) {
      RefUpdate update = repository.updateRef(ref);
      update.setExpectedOldObjectId(expected);
      update.setNewObjectId(newId);
      update.setRefLogIdent(ident);
      if (!message.isEmpty()) {
        update.setRefLogMessage(message, false);
      }
      RefUpdate.Result result = update.update();
      Outcome outcome =
          Outcome.of(result, result == RefUpdate.Result.LOCK_FAILURE && holds(ref, expected));
      switch (outcome) {
        case UPDATED, NO_CHANGE, LOST_RACE -> {
          return outcome;
        }
        case REJECTED, IO_FAILURE ->
            throw new StorageException(
                "cannot update " + ref + " in " + repository.getDirectory() + ": " + result, null);
        case LOCKED -> {
          if (System.nanoTime() > deadline) {
            throw locked(ref);
          }
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw locked(ref);
          }
          pause = Math.min(pause * 2, 200);
        }
      }
    }
  }

  /**
   * {@link #update Moves} the user-visible ref {@code ref} (a branch or {@code refs/pr/N}) and,
   * when it moved, publishes the move as one step: reaches {@code crashStep}, appends the {@link
   * RefEvent} to the event log after noting the actor on every commit {@code newId} brings
   * (reachable from none of {@code known}) on {@link dev.evalhub.storage.RefNames#PUSH_NOTES}.
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  public Outcome publish(
      String ref,
      ObjectId expected,
      ObjectId newId,
      String message,
      List<ObjectId> known,
      Publication by,
      String crashStep)
      throws IOException {
    // One section from the ref's move to its event's append.
    try (WriteSections.Section writing = WriteSections.begin()) {
      return publishInSection(ref, expected, newId, message, known, by, crashStep);
    }
  }

  private Outcome publishInSection(
      String ref,
      ObjectId expected,
      ObjectId newId,
      String message,
      List<ObjectId> known,
      Publication by,
      String crashStep)
      throws IOException {
    PersonIdent ident =
        new PersonIdent(
            by.actor().name(),
            by.actor().name() + "@users.evalhub.invalid",
            by.time(),
            java.time.ZoneOffset.UTC);
    Outcome outcome = update(ref, expected, newId, ident, message);
    if (outcome == Outcome.UPDATED) {
      CrashPoint.reached(crashStep);
      // The note before the event: the index applies the event at once and names the account from
      // the notes (a benchmark's changes record), as a rebuild later does.
      // A failure to note still announces the move (and is thrown after).
      try {
        new PushNotes(repository).record(newId, known, by.actor().name(), by.time(), ref);
      } finally {
        by.events()
            .append(
                List.of(
                    new RefEvent.Pending(
                        by.repo(),
                        new RefName(ref),
                        commitId(expected),
                        commitId(newId),
                        by.actor())));
      }
    }
    return outcome;
  }

  /** Points the symbolic ref {@code name} (such as {@code HEAD}) at the ref {@code target}. */
  public void link(String name, String target) throws IOException {
    RefUpdate.Result result = repository.updateRef(name).link(target);
    Outcome outcome = Outcome.of(result, false);
    if (!outcome.isDone()) {
      throw new StorageException(
          "cannot point "
              + name
              + " at "
              + target
              + " in "
              + repository.getDirectory()
              + ": "
              + result,
          null);
    }
  }

  /** The id of a JGit object as the domain spells it. */
  public static CommitId commitId(ObjectId id) {
    return new CommitId(id.name());
  }

  private boolean holds(String ref, ObjectId expected) throws IOException {
    Ref current = repository.exactRef(ref);
    ObjectId now =
        current == null || current.getObjectId() == null
            ? ObjectId.zeroId()
            : current.getObjectId();
    return now.equals(expected == null ? ObjectId.zeroId() : expected);
  }

  private static HubException locked(String ref) {
    return HubException.locked(ref + " is locked by another writer; try again later");
  }
}
