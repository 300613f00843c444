package dev.evalhub.storage.internal;

import dev.evalhub.domain.HubException;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Runs one compare-and-set ref update and tells a held lock from a lost race, which JGit reports alike as
 * {@link RefUpdate.Result#LOCK_FAILURE}: when the ref still holds the expected commit, the failure was the lock
 * file of another writer. Such an update is tried again for up to {@link #LOCK_WAIT_MILLIS} ms (a live writer holds
 * the lock for microseconds); a lock that stays is refused with {@link HubException.Kind#LOCKED}, never as "moved"
 * (a client told "moved" retries forever). Stale locks of a crashed process are removed at start
 * ({@link StaleLocks}). Stateless.
 */
public final class RefWrites {

  /** How long an update waits for another writer's lock on the same ref before it is refused. */
  public static final long LOCK_WAIT_MILLIS = 2_000;

  private RefWrites() {
  }

  /** Builds a fresh {@link RefUpdate} for each attempt. */
  @FunctionalInterface
  public interface UpdateFactory {
    RefUpdate create() throws IOException;
  }

  /**
   * Updates {@code refName} of {@code repository} from {@code expected} (zero id: the ref must not exist) with the
   * update {@code factory} builds; returns JGit's result, where {@code LOCK_FAILURE} now only means that the ref
   * moved. Throws {@link HubException} {@code LOCKED} when another writer's lock stays past the wait.
   */
  public static RefUpdate.Result update(Repository repository, String refName, ObjectId expected,
      UpdateFactory factory) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
    long pause = 5;
    while (true) {
      RefUpdate.Result result = factory.create().update();
      if (result != RefUpdate.Result.LOCK_FAILURE || !stillAt(repository, refName, expected)) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw HubException.locked(refName + " is locked by another writer; try again later");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw HubException.locked(refName + " is locked by another writer; try again later");
      }
      pause = Math.min(pause * 2, 200);
    }
  }

  private static boolean stillAt(Repository repository, String refName, ObjectId expected) throws IOException {
    Ref ref = repository.exactRef(refName);
    ObjectId now = ref == null || ref.getObjectId() == null ? ObjectId.zeroId() : ref.getObjectId();
    return now.equals(expected == null ? ObjectId.zeroId() : expected);
  }
}
