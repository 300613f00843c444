package dev.evalhub.index;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.IndexTables;
import dev.evalhub.testing.TestDatabases;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TokenSigner;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hub's storage with an index over it, on H2 or on a fresh PostgreSQL schema, with fluent setup
 * through the server-side commit API (the path user pushes take) and a dump of every table for
 * equality checks.
 */
final class IndexFixture implements AutoCloseable {

  static final String ISSUER = "https://hub.test";

  final TestStorage testStorage;
  final Storage storage;
  final SigningKey key = SigningKey.generate(ISSUER);
  final String url;
  final AtomicBoolean live = new AtomicBoolean(true);
  Index index;

  private IndexFixture(Path dir, String url) {
    this.testStorage =
        TestStorage.open(dir.resolve("data")).users("alice", "bob").org("acme", "alice");
    this.storage = testStorage.storage();
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
  }

  static IndexFixture h2(Path dir) {
    return new IndexFixture(dir, Index.defaultUrl(dir.resolve("data")));
  }

  /**
   * On a fresh schema of the PostgreSQL server named by {@link TestDatabases}; the test is skipped
   * without it.
   */
  static IndexFixture postgres(Path dir) {
    return new IndexFixture(dir, TestDatabases.freshPostgresSchema());
  }

  static IndexFixture of(String database, Path dir) {
    return database.equals("postgres") ? postgres(dir) : h2(dir);
  }

  IndexFixture repo(String path, boolean isPrivate) {
    testStorage.repo(path, isPrivate);
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
    return commit(repo, changes, "change", RepoId.parsePath(repo).orElseThrow().namespace());
  }

  /** A server-side commit to main by {@code account} with {@code message}. */
  IndexFixture commit(String repo, List<FileChange> changes, String message, String account) {
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
                    message,
                    new AccountName(account)));
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
  int pullRequest(String repo, String path, String content) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    int number =
        storage.pullRequests().open(id, "bob", new NewDiscussion("PR", "", true)).number().value();
    testStorage.plant(
        id,
        RefNames.pullRequest(number),
        "bob",
        commit ->
            commit.add(path, content).author("bob", "bob@users.evalhub.invalid").message("PR"));
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

  /**
   * Raises a flag by bob against the result of {@code model}'s {@code file} on {@code dataset}'s
   * {@code task} (as the flag service records it, without checking the target). Returns its number.
   */
  int flag(String model, String file, String dataset, String task, FlagCategory category) {
    return storage
        .pullRequests()
        .openFlag(
            RepoId.parsePath(model).orElseThrow(),
            "bob",
            new NewDiscussion("Flag", "evidence", false),
            new Flag(
                category,
                new FlagTarget(file, dataset, task, "", entrySha256(model, file, task)),
                List.of(),
                Optional.empty()))
        .number()
        .value();
  }

  /**
   * The sha256 of the first entry of {@code task} in {@code file} on {@code model}'s main, as the
   * flag service records it; 64 zeros when there is none.
   */
  private String entrySha256(String model, String file, String task) {
    try (dev.evalhub.storage.RepoReader reader =
        storage.reader(RepoId.parsePath(model).orElseThrow())) {
      Optional<byte[]> bytes = reader.head(RefNames.MAIN).flatMap(main -> read(reader, main, file));
      return bytes
          .flatMap(b -> dev.evalhub.formats.EvalFormats.standard().readResults(b).value())
          .flatMap(
              results ->
                  results.entries().stream()
                      .filter(e -> e.dataset().taskId().equals(task))
                      .findFirst())
          .map(
              e ->
                  dev.evalhub.formats.canonical.CanonicalJson.sha256Hex(
                      dev.evalhub.formats.model.ResultEntries.toTree(e)))
          .orElse("0".repeat(64));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Optional<byte[]> read(
      dev.evalhub.storage.RepoReader reader, dev.evalhub.domain.CommitId main, String file) {
    try {
      return reader.file(main, file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Resolves flag {@code number} of {@code model} as its owner. */
  void resolveFlag(String model, int number, FlagStatus outcome) {
    RepoId id = RepoId.parsePath(model).orElseThrow();
    storage.pullRequests().resolveFlag(id, new PrNumber(number), id.namespace(), outcome, "done");
  }

  Leaderboard leaderboard(
      String dataset, String task, boolean baseModelsOnly, boolean hideFlagged) {
    return index.leaderboard(
        new dev.evalhub.domain.TaskRef(RepoId.parsePath("datasets/" + dataset).orElseThrow(), task),
        baseModelsOnly,
        hideFlagged);
  }

  /**
   * A verify token of {@code key} for {@code model}'s plain result of {@code value} on {@code
   * dataset}'s {@code task} (no revision, no methodology).
   */
  static String token(SigningKey key, String model, String dataset, String task, double value) {
    return new TokenSigner(key)
        .sign(
            model,
            new ResultEntry(
                new ResultEntry.DatasetRef(dataset, task, null),
                value,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of()));
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
  List<String> dump() {
    return IndexTables.at(url).dump();
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
