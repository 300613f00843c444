package dev.evalhub.index;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A hub's storage with an index over it, on H2 or on a fresh PostgreSQL schema, with fluent setup
 * through the server-side commit API (the path user pushes take) and a dump of every table for
 * equality checks.
 */
final class IndexFixture implements AutoCloseable {

  static final String POSTGRES_ENV = "EVALHUB_TEST_POSTGRES_URL";
  static final String ISSUER = "https://hub.test";

  final Storage storage;
  final SigningKey key = SigningKey.generate(ISSUER);
  final String url;
  final AtomicBoolean live = new AtomicBoolean(true);
  Index index;

  private IndexFixture(Path dir, String url) {
    this.storage = Storage.open(dir.resolve("data"), StorageOptions.DEFAULT);
    this.url = url;
    this.index = Index.open(url, storage, TrustedIssuers.none().with(key));
    storage
        .events()
        .addListener(
            event -> {
              if (live.get()) {
                index.ingestion().onEvent(event);
              }
            });
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    storage.accounts().createOrg("acme", List.of("alice"));
  }

  static IndexFixture h2(Path dir) {
    return new IndexFixture(dir, Index.defaultUrl(dir.resolve("data")));
  }

  /**
   * On a fresh schema of the PostgreSQL server named by {@value #POSTGRES_ENV}; the test is skipped
   * without it.
   */
  static IndexFixture postgres(Path dir) throws Exception {
    String base = System.getenv(POSTGRES_ENV);
    assumeTrue(
        base != null && !base.isBlank(),
        POSTGRES_ENV
            + " is not set: PostgreSQL tests SKIPPED (.ci/run sets it to the local server)");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    // The schema names the connections too, so that a test can find its own among the server's.
    return new IndexFixture(
        dir,
        base
            + (base.contains("?") ? "&" : "?")
            + "currentSchema="
            + schema
            + "&ApplicationName="
            + schema);
  }

  static IndexFixture of(String database, Path dir) throws Exception {
    return database.equals("postgres") ? postgres(dir) : h2(dir);
  }

  IndexFixture repo(String path, boolean isPrivate) {
    storage.createRepository(RepoId.parsePath(path).orElseThrow(), isPrivate);
    return this;
  }

  IndexFixture benchmark(String dataset, String evalYaml) {
    repo("datasets/" + dataset, false);
    return put("datasets/" + dataset, "eval.yaml", evalYaml);
  }

  IndexFixture put(String repo, String path, String content) {
    return commit(repo, List.of(FileChange.put(path, content.getBytes(StandardCharsets.UTF_8))));
  }

  IndexFixture delete(String repo, String path) {
    return commit(repo, List.of(FileChange.delete(path)));
  }

  IndexFixture commit(String repo, List<FileChange> changes) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    CommitResult result =
        storage
            .commits()
            .commit(
                id,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    changes,
                    "change",
                    new AccountName(id.namespace())));
    if (!result.isCommitted()) {
      throw new IllegalStateException("commit refused: " + result);
    }
    return this;
  }

  /**
   * Opens a pull request by bob on {@code repo} whose head is main plus {@code path} = {@code
   * content}, written as the push hook writes it: the ref {@code refs/pr/N}, then its event.
   * Returns N.
   */
  int pullRequest(String repo, String path, String content) throws Exception {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    int number =
        storage.pullRequests().open(id, "bob", new NewDiscussion("PR", "", true)).number().value();
    try (Repository repository = storage.repositories().open(id);
        ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit main = walk.parseCommit(repository.resolve(RefNames.MAIN));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], 0, repository.newObjectReader(), main.getTree());
      builder.finish();
      DirCacheEditor editor = index.editor();
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      editor.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
            }
          });
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(main);
      PersonIdent ident = new PersonIdent("bob", "bob@users.evalhub.invalid");
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("PR");
      ObjectId head = inserter.insert(commit);
      inserter.flush();
      String ref = RefNames.pullRequest(number);
      RefUpdate update = repository.updateRef(ref);
      update.setNewObjectId(head);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.update();
      storage
          .events()
          .append(
              List.of(
                  new RefEvent.Pending(
                      id,
                      new RefName(ref),
                      CommitId.ZERO,
                      CommitId.parse(head.name()),
                      new AccountName("bob"))));
    }
    return number;
  }

  void closePullRequest(String repo, int number) {
    storage
        .pullRequests()
        .changeStatus(
            RepoId.parsePath(repo).orElseThrow(),
            new PrNumber(number),
            "bob",
            PrStatus.CLOSED,
            Optional.empty());
  }

  void mergePullRequest(String repo, int number) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    storage.pullRequests().merge(id, new PrNumber(number), id.namespace(), Optional.empty());
  }

  /** A results file with one entry. */
  static String result(String dataset, String task, double value, String extra) {
    return "- dataset:\n    id: "
        + dataset
        + "\n    task_id: "
        + task
        + "\n  value: "
        + value
        + "\n"
        + extra;
  }

  static String evalYaml(String name, String... tasks) {
    StringBuilder yaml =
        new StringBuilder(
            "name: "
                + name
                + "\ndescription: test benchmark\n"
                + "evaluation_framework: lm-evaluation-harness\ntasks:\n");
    for (String task : tasks) {
      yaml.append("  - id: ").append(task).append('\n');
    }
    return yaml.toString();
  }

  /** Every row of every table, in a stable order, as text. */
  List<String> dump() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "index_state",
              "repositories",
              "indexed_refs",
              "pull_requests",
              "benchmarks",
              "benchmark_tasks",
              "results",
              "invalid_files",
              "verification_keys",
              "ref_failures")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          List<String> tableRows = new ArrayList<>();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              row.append(" | ")
                  .append(meta.getColumnName(i).toLowerCase())
                  .append('=')
                  .append(rs.getString(i));
            }
            tableRows.add(row.toString());
          }
          tableRows.sort(null);
          rows.addAll(tableRows);
        }
      }
    }
    return rows;
  }

  Leaderboard leaderboard(String dataset, String task, boolean baseModelsOnly) {
    return index.leaderboard(
        new dev.evalhub.domain.TaskRef(RepoId.parsePath("datasets/" + dataset).orElseThrow(), task),
        baseModelsOnly);
  }

  /**
   * The model's results as {@code caller} sees them: benchmarks it may not read count as
   * unregistered.
   */
  List<EvalResult> evalResults(String model, Optional<Caller> caller) {
    return index.evalResults(
        RepoId.parsePath(model).orElseThrow(),
        id ->
            storage
                .repositories()
                .find(id)
                .filter(
                    repo ->
                        !repo.isPrivate()
                            || caller
                                .map(
                                    c ->
                                        storage
                                            .accounts()
                                            .isMember(c.user(), repo.id().namespace()))
                                .orElse(false))
                .isPresent());
  }

  @Override
  public void close() {
    index.close();
    storage.close();
  }
}
