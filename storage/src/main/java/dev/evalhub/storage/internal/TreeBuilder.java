package dev.evalhub.storage.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.repo.FileChange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes a commit into a bare repository without a work tree: the parent's tree with some files
 * written or deleted, in an in-memory index. Moves no ref. Not thread-safe; use one per commit.
 */
public final class TreeBuilder {

  private final Repository repository;

  public TreeBuilder(Repository repository) {
    this.repository = repository;
  }

  /**
   * Refuses to write the file {@code path} where the tree has a folder of that name, or a file
   * where {@code path} needs a folder: DirCacheEditor would silently drop the other side.
   */
  private static void requireNoClash(DirCache index, String path) {
    if (index.getEntriesWithin(path).length > 0) {
      throw HubException.invalid(
          "\"" + path + "\" is a folder on the branch, so it cannot be written as a file");
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      String folder = path.substring(0, slash);
      if (index.findEntry(folder) >= 0) {
        throw HubException.invalid(
            "\""
                + path
                + "\" needs the folder \""
                + folder
                + "\", which is a file on the "
                + "branch: delete it (deletedFile) in the same commit to replace it by a folder");
      }
    }
  }

  /**
   * Inserts the objects of a commit whose tree is {@code parent}'s (or empty) with {@code changes}
   * applied: a value writes a regular file, an empty value deletes the file at the path, or
   * everything below the folder at the path; deletions apply first. A file where the tree has a
   * folder, or below a file, is INVALID. Returns the new commit's id.
   */
  public ObjectId commit(
      ObjectId parent, Map<String, Optional<byte[]>> changes, PersonIdent author, String message)
      throws IOException {
    return commit(parent, changes, Map.of(), author, message);
  }

  /**
   * Like {@link #commit(ObjectId, Map, PersonIdent, String)}, with {@code streamed} files written
   * from their streams (never whole in memory) after {@code changes}.
   */
  public ObjectId commit(
      ObjectId parent,
      Map<String, Optional<byte[]>> changes,
      Map<String, FileChange.Streamed> streamed,
      PersonIdent author,
      String message)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      DirCache index = DirCache.newInCore();
      if (parent != null) {
        DirCacheBuilder builder = index.builder();
        builder.addTree(
            new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
        builder.finish();
      }
      // Deletions first, so that a commit may delete a file and write files below a folder of its
      // name.
      DirCacheEditor deletions = index.editor();
      for (Map.Entry<String, Optional<byte[]>> change : changes.entrySet()) {
        String path = change.getKey();
        if (change.getValue().isPresent()) {
          continue;
        }
        if (index.findEntry(path) >= 0) {
          deletions.add(new DirCacheEditor.DeletePath(path));
        } else {
          // Not a file of the parent: a folder (everything below it goes) or nothing (a no-op).
          deletions.add(new DirCacheEditor.DeleteTree(path));
        }
      }
      deletions.finish();
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, Optional<byte[]>> change : changes.entrySet()) {
        String path = change.getKey();
        if (change.getValue().isEmpty()) {
          continue;
        }
        requireNoClash(index, path);
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, change.getValue().get());
        editor.add(
            new DirCacheEditor.PathEdit(path) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
      }
      for (Map.Entry<String, FileChange.Streamed> file : streamed.entrySet()) {
        requireNoClash(index, file.getKey());
        ObjectId blob;
        try (InputStream in = file.getValue().open()) {
          blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().size(), in);
        }
        editor.add(
            new DirCacheEditor.PathEdit(file.getKey()) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
      }
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }
}
