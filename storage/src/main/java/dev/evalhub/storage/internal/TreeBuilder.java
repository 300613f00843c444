package dev.evalhub.storage.internal;

import java.io.IOException;
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
 * Writes a commit into a bare repository without a work tree: the parent's tree with some files written or
 * deleted, in an in-memory index. Moves no ref. Not thread-safe; use one per commit.
 */
public final class TreeBuilder {

  private final Repository repository;

  public TreeBuilder(Repository repository) {
    this.repository = repository;
  }

  /**
   * Inserts the objects of a commit whose tree is {@code parent}'s (or empty) with {@code changes} applied: a
   * value writes a regular file, an empty value deletes the file at the path, or everything below the folder at the
   * path. Returns the new commit's id.
   */
  public ObjectId commit(ObjectId parent, Map<String, Optional<byte[]>> changes, PersonIdent author, String message)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      DirCache index = DirCache.newInCore();
      if (parent != null) {
        DirCacheBuilder builder = index.builder();
        builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
        builder.finish();
      }
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, Optional<byte[]>> change : changes.entrySet()) {
        String path = change.getKey();
        if (change.getValue().isPresent()) {
          ObjectId blob = inserter.insert(Constants.OBJ_BLOB, change.getValue().get());
          editor.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
            }
          });
        } else if (index.findEntry(path) >= 0) {
          editor.add(new DirCacheEditor.DeletePath(path));
        } else {
          // Not a file of the parent: a folder (everything below it goes) or nothing (a no-op).
          editor.add(new DirCacheEditor.DeleteTree(path));
        }
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
