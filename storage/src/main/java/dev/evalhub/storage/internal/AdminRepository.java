package dev.evalhub.storage.internal;

import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The hub's administrative bare repository (like Gerrit's All-Users): small text files on one branch, read as a
 * whole and changed by one commit per update with a compare-and-set ref update, so that the CLI and a running
 * server can both write. Thread-safe.
 */
public final class AdminRepository implements AutoCloseable {

  /** At least this many attempts, and attempts for at least {@link #BUSY_BUDGET}, before giving up. */
  private static final int MAX_ATTEMPTS = 20;
  private static final Duration BUSY_BUDGET = Duration.ofSeconds(10);

  private final Repository repository;
  private final String ref;
  private volatile Snapshot cached = new Snapshot(ObjectId.zeroId(), Map.of());

  /** The files of the branch at one commit ({@code zeroId} before the first commit). Immutable. */
  public record Snapshot(ObjectId commit, Map<String, byte[]> files) {
    public Snapshot {
      files = Map.copyOf(files);
    }
  }

  /** One update: the files to write (a value) or delete (empty), and the commit message. */
  public record Edit(Map<String, Optional<byte[]>> changes, String message) {
    public Edit {
      changes = Map.copyOf(changes);
    }
  }

  public AdminRepository(Path gitDir, String ref) {
    try {
      this.repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
      if (!repository.getObjectDatabase().exists()) {
        repository.create(true);
      }
    } catch (IOException | IllegalStateException e) {
      throw new StorageException("cannot open the administrative repository " + gitDir, e);
    }
    this.ref = ref;
  }

  /** The files as the branch holds them now; re-read only when another writer moved the branch. */
  public Snapshot read() {
    try {
      Ref current = repository.exactRef(ref);
      ObjectId head = current == null ? ObjectId.zeroId() : current.getObjectId();
      Snapshot snapshot = cached;
      if (!snapshot.commit().equals(head)) {
        snapshot = load(head);
        cached = snapshot;
      }
      return snapshot;
    } catch (IOException e) {
      throw new StorageException("cannot read " + ref, e);
    }
  }

  /**
   * Applies {@code change} to the current files and commits the result, retrying from a fresh read when another
   * writer moved the branch first. {@code change} may throw to refuse; it may run more than once.
   */
  public Snapshot update(Function<Snapshot, Edit> change, PersonIdent author) {
    long deadline = System.nanoTime() + BUSY_BUDGET.toNanos();
    for (int attempt = 0; ; attempt++) {
      Snapshot before = read();
      Edit edit = change.apply(before);
      Optional<Snapshot> after = tryCommit(before, edit, author);
      if (after.isPresent()) {
        cached = after.get();
        return after.get();
      }
      if (attempt + 1 >= MAX_ATTEMPTS && System.nanoTime() > deadline) {
        throw new StorageException("the administrative repository stayed busy after " + (attempt + 1)
            + " attempts in " + BUSY_BUDGET.toSeconds() + " s", null);
      }
      backOff(attempt);
    }
  }

  /**
   * Waits a random time below an exponentially growing bound (1, 2, 4, ... up to 64 ms) before another attempt,
   * so that writers that lost a race to one another do not collide again at once (full jitter).
   */
  private static void backOff(int attempt) {
    long boundMillis = 1L << Math.min(attempt, 6);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(boundMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while the administrative repository was busy", e);
    }
  }

  private Optional<Snapshot> tryCommit(Snapshot before, Edit edit, PersonIdent author) {
    Map<String, byte[]> files = new TreeMap<>(before.files());
    edit.changes().forEach((path, content) -> {
      if (content.isPresent()) {
        files.put(path, content.get());
      } else {
        files.remove(path);
      }
    });
    try {
      ObjectId parent = before.commit().equals(ObjectId.zeroId()) ? null : before.commit();
      ObjectId commit = new TreeBuilder(repository).commit(parent, edit.changes(), author, edit.message());
      RefUpdate.Result result = RefWrites.update(repository, ref, before.commit(), () -> {
        RefUpdate update = repository.updateRef(ref);
        update.setNewObjectId(commit);
        update.setExpectedOldObjectId(before.commit());
        update.setRefLogMessage(edit.message(), false);
        return update;
      });
      return switch (result) {
        case NEW, FAST_FORWARD -> Optional.of(new Snapshot(commit, files));
        case LOCK_FAILURE, REJECTED -> Optional.empty();
        default -> throw new StorageException("cannot update " + ref + ": " + result, null);
      };
    } catch (IOException e) {
      throw new StorageException("cannot write to the administrative repository", e);
    }
  }

  private Snapshot load(ObjectId head) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!head.equals(ObjectId.zeroId())) {
      try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
        RevCommit commit = walk.parseCommit(head);
        try (TreeWalk tree = new TreeWalk(reader)) {
          tree.addTree(commit.getTree());
          tree.setRecursive(true);
          while (tree.next()) {
            files.put(tree.getPathString(), reader.open(tree.getObjectId(0)).getBytes());
          }
        }
      }
    }
    return new Snapshot(head, files);
  }

  @Override
  public void close() {
    repository.close();
  }
}
