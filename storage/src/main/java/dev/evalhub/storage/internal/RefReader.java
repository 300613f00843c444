package dev.evalhub.storage.internal;

import dev.evalhub.domain.repo.ChangedFile;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.formats.FileKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reads what changed on a ref between the commit the index holds and the ref's head: only the files
 * evalhub reads ({@link FileKind#ofRepositoryPath}). The "last change" of a file is the newest
 * commit on the head's first-parent chain whose diff against its first parent touches it, so that
 * the same head always gives the same provenance, whether it was reached one push at a time or read
 * at once by a rebuild. Not thread-safe (one per use).
 */
public final class RefReader {

  private static final TreeFilter READ_PATHS =
      PathFilterGroup.createFromStrings(".eval_results", "eval.yaml", "README.md");

  private final Repository repository;

  public RefReader(Repository repository) {
    this.repository = repository;
  }

  /**
   * The files that differ between {@code indexed} (empty: nothing indexed yet) and {@code head}.
   */
  public List<ChangedFile> changes(Optional<ObjectId> indexed, ObjectId head) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit headCommit = walk.parseCommit(head);
      Optional<RevCommit> old =
          indexed.isPresent() ? parseIfPresent(walk, indexed.get()) : Optional.empty();
      Set<String> changed =
          new TreeSet<>(diff(old.map(RevCommit::getTree).orElse(null), headCommit.getTree()));
      Map<String, ObjectId> atHead = files(headCommit);
      Map<String, CommitInfo> lastChanges = new HashMap<>();
      if (old.isPresent()) {
        // Every path touched since the indexed commit: a file changed and changed back has a new
        // last change.
        walkFirstParents(walk, headCommit, old.get(), null, lastChanges);
        changed.addAll(lastChanges.keySet());
      } else {
        walkFirstParents(walk, headCommit, null, atHead.keySet(), lastChanges);
      }
      Set<String> unexplained = new LinkedHashSet<>(atHead.keySet());
      unexplained.retainAll(changed);
      unexplained.removeAll(lastChanges.keySet());
      if (!unexplained.isEmpty()) {
        walkFirstParents(walk, headCommit, null, unexplained, lastChanges);
      }
      List<ChangedFile> files = new ArrayList<>();
      for (String path : changed) {
        FileKind kind = FileKind.ofRepositoryPath(path).orElseThrow();
        ObjectId blob = atHead.get(path);
        Optional<byte[]> content =
            blob == null ? Optional.empty() : Optional.of(repository.open(blob).getBytes());
        files.add(
            new ChangedFile(
                path,
                kind,
                content,
                Optional.ofNullable(lastChanges.get(path)),
                Optional.ofNullable(blob).map(ObjectId::name)));
      }
      return files;
    }
  }

  private Optional<RevCommit> parseIfPresent(RevWalk walk, ObjectId id) throws IOException {
    // A commit the index knew may be gone (a rewritten pull request ref that was
    // garbage-collected).
    return repository.getObjectDatabase().has(id)
        ? Optional.of(walk.parseCommit(id))
        : Optional.empty();
  }

  /**
   * Walks the first-parent chain from {@code head}, stopping at {@code stop} or once every path of
   * {@code wanted} has a last change (null: no such limit), recording the first (newest) commit
   * that touched each path.
   */
  private void walkFirstParents(
      RevWalk walk,
      RevCommit head,
      RevCommit stop,
      Set<String> wanted,
      Map<String, CommitInfo> lastChanges)
      throws IOException {
    RevCommit commit = head;
    while (commit != null && !commit.equals(stop)) {
      walk.parseHeaders(commit);
      RevCommit parent =
          commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      for (String path : diff(parent == null ? null : parent.getTree(), commit.getTree())) {
        lastChanges.putIfAbsent(path, info(commit));
      }
      if (wanted != null && lastChanges.keySet().containsAll(wanted)) {
        return;
      }
      commit = parent;
    }
  }

  private static CommitInfo info(RevCommit commit) {
    return new CommitInfo(
        commit.name(), commit.getAuthorIdent().getName(), commit.getCommitTime() * 1000L);
  }

  /** Paths of read files whose content differs between two trees ({@code null}: the empty tree). */
  private List<String> diff(ObjectId oldTree, ObjectId newTree) throws IOException {
    try (TreeWalk tree = new TreeWalk(repository)) {
      if (oldTree == null) {
        tree.addTree(new EmptyTreeIterator());
      } else {
        tree.addTree(oldTree);
      }
      tree.addTree(newTree);
      tree.setRecursive(true);
      tree.setFilter(AndTreeFilter.create(READ_PATHS, TreeFilter.ANY_DIFF));
      List<String> paths = new ArrayList<>();
      while (tree.next()) {
        if (FileKind.ofRepositoryPath(tree.getPathString()).isPresent()) {
          paths.add(tree.getPathString());
        }
      }
      return paths;
    }
  }

  /**
   * A path the hub reads must be a regular file: a gitlink (a submodule commit, whose id names no
   * object here) or a symlink makes the ref unreadable, which the caller records as the ref's
   * failure.
   */
  private static void requireRegularFile(String path, FileMode mode) throws IOException {
    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
      String kind =
          mode == FileMode.GITLINK
              ? "a gitlink (submodule)"
              : mode == FileMode.SYMLINK ? "a symlink" : "an entry of mode " + mode;
      throw new IOException(path + ": must be a regular file, not " + kind);
    }
  }

  private Map<String, ObjectId> files(RevCommit commit) throws IOException {
    try (TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      tree.setFilter(READ_PATHS);
      Map<String, ObjectId> files = new HashMap<>();
      while (tree.next()) {
        if (FileKind.ofRepositoryPath(tree.getPathString()).isPresent()) {
          requireRegularFile(tree.getPathString(), tree.getFileMode(0));
          files.put(tree.getPathString(), tree.getObjectId(0));
        }
      }
      return files;
    }
  }
}
