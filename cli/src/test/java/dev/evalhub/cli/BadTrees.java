package dev.evalhub.cli;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Test fixtures the push validation would refuse, written with JGit directly (a gitlink where the
 * hub reads a file, a blob that is missing), and the index database of a test: H2 or a fresh
 * PostgreSQL schema.
 */
final class BadTrees {

  static final ObjectId NOWHERE = ObjectId.fromString("1111111111111111111111111111111111111111");
  static final String POSTGRES_ENV = "EVALHUB_TEST_POSTGRES_URL";

  private BadTrees() {}

  /**
   * Commits on main of {@code repo} its tree plus {@code path} with {@code mode} and {@code id},
   * moves main and appends the event; returns the commit.
   */
  static ObjectId plantOnMain(Storage storage, String repo, String path, FileMode mode, ObjectId id)
      throws Exception {
    RepoId repoId = RepoId.parsePath(repo).orElseThrow();
    try (Repository repository = storage.repositories().open(repoId);
        ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit parent = walk.parseCommit(repository.resolve(RefNames.MAIN));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], 0, repository.newObjectReader(), parent.getTree());
      builder.finish();
      DirCacheEditor editor = index.editor();
      editor.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(mode);
              entry.setObjectId(id);
            }
          });
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(parent);
      PersonIdent ident = new PersonIdent("mallory", "mallory@example.invalid");
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("planted " + path);
      ObjectId head = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(RefNames.MAIN);
      update.setExpectedOldObjectId(parent);
      update.setNewObjectId(head);
      update.update();
      storage
          .events()
          .append(
              List.of(
                  new RefEvent.Pending(
                      repoId,
                      new RefName(RefNames.MAIN),
                      CommitId.parse(parent.name()),
                      CommitId.parse(head.name()),
                      new AccountName("mallory"))));
      return head;
    }
  }

  /**
   * The index database for {@code kind} ({@code h2}: the default, empty; {@code postgres}: a fresh
   * schema).
   */
  static String database(String kind) throws Exception {
    if (!kind.equals("postgres")) {
      return "";
    }
    String base = System.getenv(POSTGRES_ENV);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        base != null && !base.isBlank(),
        POSTGRES_ENV
            + " is not set: PostgreSQL tests SKIPPED (.ci/run sets it to the local server)");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
