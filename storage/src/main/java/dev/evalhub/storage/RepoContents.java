package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoFile;
import dev.evalhub.domain.repo.ResolvedRevision;
import dev.evalhub.domain.repo.TreeEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads repositories at a revision: resolves branch, tag, pull-request and commit names, reads one
 * file, lists a folder. Who may read what is the service layer's business; repository ids are as
 * {@link Repositories#find} spells them. Thread-safe.
 */
public final class RepoContents {

  private static final int COMMIT_ID_LENGTH = 40;

  private final Repositories repositories;

  RepoContents(Repositories repositories) {
    this.repositories = repositories;
  }

  /**
   * The commit {@code revision} names: {@code HEAD} (the default branch), a branch, a tag, a full
   * ref such as {@code refs/pr/1}, or a full commit id.
   */
  public Optional<ResolvedRevision> resolve(RepoId repo, String revision) {
    try (Repository repository = repositories.open(repo);
        RevWalk walk = new RevWalk(repository)) {
      for (String candidate : RefNames.candidates(revision)) {
        Ref ref = repository.exactRef(candidate);
        if (ref != null) {
          return Optional.of(revisionOf(walk.parseCommit(ref.getObjectId())));
        }
      }
      if (revision.length() == COMMIT_ID_LENGTH && ObjectId.isId(revision)) {
        return Optional.of(revisionOf(walk.parseCommit(ObjectId.fromString(revision))));
      }
      return Optional.empty();
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot resolve " + revision + " in " + repo, e);
    }
  }

  /**
   * Like {@link #resolve}, but a missing revision is a {@link
   * HubException.Kind#REVISION_NOT_FOUND}.
   */
  public ResolvedRevision require(RepoId repo, String revision) {
    return resolve(repo, revision)
        .orElseThrow(
            () ->
                new HubException(
                    HubException.Kind.REVISION_NOT_FOUND,
                    "revision \"" + revision + "\" not found in " + repo));
  }

  /**
   * The regular file at {@code path} in {@code commitId}, or empty when there is none (or it is a
   * folder).
   */
  public Optional<RepoFile> file(RepoId repo, String commitId, String path) {
    try (Repository repository = repositories.open(repo);
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
      try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
        if (tree == null || (tree.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          return Optional.empty();
        }
        ObjectId blob = tree.getObjectId(0);
        return Optional.of(
            new RepoFile(path, blob.name(), reader.open(blob, Constants.OBJ_BLOB).getBytes()));
      }
    } catch (IllegalArgumentException e) {
      // JGit's path filter refuses paths such as "dir/" or "a//b": no file has such a path.
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + path + " at " + commitId + " in " + repo, e);
    }
  }

  /**
   * Writes the tree of {@code commitId} into the empty or missing folder {@code target} as plain
   * files (executables keep their executable bit), for a program that reads a checkout: the hub's
   * runner. Symbolic links and submodule links are skipped, never followed; paths are the tree's
   * (the hub refuses {@code ..} and absolute paths in trees), resolved below {@code target} and
   * checked to stay there. Returns the number of files written.
   *
   * @throws HubException REVISION_NOT_FOUND when the commit is not in the repository
   */
  public int export(RepoId repo, String commitId, java.nio.file.Path target) {
    java.nio.file.Path root = target.toAbsolutePath().normalize();
    try (Repository repository = repositories.open(repo);
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk tree = new TreeWalk(reader)) {
      RevCommit commit;
      try {
        commit = walk.parseCommit(ObjectId.fromString(commitId));
      } catch (MissingObjectException | IncorrectObjectTypeException e) {
        throw new HubException(
            HubException.Kind.REVISION_NOT_FOUND, "commit " + commitId + " not found in " + repo);
      }
      java.nio.file.Files.createDirectories(root);
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      int count = 0;
      while (tree.next()) {
        int mode = tree.getRawMode(0);
        if ((mode & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          continue;
        }
        java.nio.file.Path file = root.resolve(tree.getPathString()).normalize();
        if (!file.startsWith(root)) {
          throw new StorageException("a tree path leaves the checkout: " + file, null);
        }
        java.nio.file.Files.createDirectories(file.getParent());
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
          reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
        }
        if (FileMode.EXECUTABLE_FILE.equals(mode)) {
          file.toFile().setExecutable(true);
        }
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new StorageException("cannot export " + commitId + " of " + repo + " to " + target, e);
    }
  }

  /** The file or folder at {@code path} in {@code commitId}, or empty when there is none. */
  public Optional<TreeEntry> entry(RepoId repo, String commitId, String path) {
    try (Repository repository = repositories.open(repo);
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
      try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
        if (tree == null) {
          return Optional.empty();
        }
        ObjectId id = tree.getObjectId(0);
        if (tree.isSubtree()) {
          return Optional.of(new TreeEntry(TreeEntry.Type.DIRECTORY, path, id.name(), 0));
        }
        if ((tree.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          return Optional.empty();
        }
        return Optional.of(
            new TreeEntry(
                TreeEntry.Type.FILE,
                path,
                id.name(),
                reader.getObjectSize(id, Constants.OBJ_BLOB)));
      }
    } catch (IllegalArgumentException e) {
      // As in file(): a malformed path names nothing.
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + path + " at " + commitId + " in " + repo, e);
    }
  }

  /**
   * The entries of the folder {@code path} ({@code ""}: the root) in {@code commitId}, in git's
   * order: its direct children, or every file and folder below it when {@code recursive}. Empty
   * when there is no such folder.
   */
  public Optional<List<TreeEntry>> tree(
      RepoId repo, String commitId, String path, boolean recursive) {
    try (Repository repository = repositories.open(repo);
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk tree = new TreeWalk(reader)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
      if (path.isEmpty()) {
        tree.addTree(commit.getTree());
      } else {
        try (TreeWalk folder = TreeWalk.forPath(reader, path, commit.getTree())) {
          if (folder == null || !folder.isSubtree()) {
            return Optional.empty();
          }
          tree.addTree(folder.getObjectId(0));
        }
      }
      String prefix = path.isEmpty() ? "" : path + "/";
      List<TreeEntry> entries = new ArrayList<>();
      while (tree.next()) {
        ObjectId id = tree.getObjectId(0);
        if (tree.isSubtree()) {
          entries.add(
              new TreeEntry(TreeEntry.Type.DIRECTORY, prefix + tree.getPathString(), id.name(), 0));
          if (recursive) {
            tree.enterSubtree();
          }
        } else if ((tree.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
          entries.add(
              new TreeEntry(
                  TreeEntry.Type.FILE,
                  prefix + tree.getPathString(),
                  id.name(),
                  reader.getObjectSize(id, Constants.OBJ_BLOB)));
        }
      }
      return Optional.of(entries);
    } catch (IllegalArgumentException e) {
      // As in file(): a malformed path names no folder.
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot list " + path + " at " + commitId + " in " + repo, e);
    }
  }

  private static ResolvedRevision revisionOf(RevCommit commit) {
    return new ResolvedRevision(commit.name(), Instant.ofEpochSecond(commit.getCommitTime()));
  }
}
