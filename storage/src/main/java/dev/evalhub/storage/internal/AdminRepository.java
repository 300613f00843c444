package dev.evalhub.storage.internal;

import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The hub's administrative bare repository (like Gerrit's All-Users): small text files on one
 * branch, read as a whole and changed by one commit per update with a compare-and-set ref update,
 * so that the CLI and a running server can both write. Thread-safe.
 */
public final class AdminRepository implements AutoCloseable {

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
   * Applies {@code change} to the current files and commits the result, retrying from a fresh read
   * when another writer moved the branch first. {@code change} may throw to refuse; it may run more
   * than once.
   */
  public Snapshot update(Function<Snapshot, Edit> change, PersonIdent author) {
    try {
      Snapshot after =
          RetryPolicy.run(
              () -> tryCommit(read(), change, author),
              attempts ->
                  new StorageException(
                      "the administrative repository stayed busy after "
                          + attempts
                          + " attempts in "
                          + RetryPolicy.BUDGET.toSeconds()
                          + " s",
                      null));
      cached = after;
      return after;
    } catch (IOException e) {
      throw new StorageException("cannot write to the administrative repository", e);
    }
  }

  private Optional<Snapshot> tryCommit(
      Snapshot before, Function<Snapshot, Edit> change, PersonIdent author) throws IOException {
    Edit edit = change.apply(before);
    Map<String, byte[]> files = new TreeMap<>(before.files());
    edit.changes()
        .forEach(
            (path, content) -> {
              if (content.isPresent()) {
                files.put(path, content.get());
              } else {
                files.remove(path);
              }
            });
    ObjectId parent = before.commit().equals(ObjectId.zeroId()) ? null : before.commit();
    ObjectId commit =
        new TreeBuilder(repository).commit(parent, edit.changes(), author, edit.message());
    RefWriter.Outcome outcome =
        new RefWriter(repository).update(ref, before.commit(), commit, author, edit.message());
    return outcome.isDone() ? Optional.of(new Snapshot(commit, files)) : Optional.empty();
  }

  private Snapshot load(ObjectId head) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!head.equals(ObjectId.zeroId())) {
      try (RevWalk walk = new RevWalk(repository);
          ObjectReader reader = repository.newObjectReader()) {
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
