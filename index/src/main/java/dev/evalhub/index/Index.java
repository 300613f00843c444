package dev.evalhub.index;

import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.RecentResult;
import dev.evalhub.index.internal.ConnectionPool;
import dev.evalhub.index.internal.IndexQueries;
import dev.evalhub.index.internal.LeaderboardCache;
import dev.evalhub.index.internal.Ranking;
import dev.evalhub.index.internal.RefIndexer;
import dev.evalhub.index.internal.ResultRows;
import dev.evalhub.index.internal.Reverification;
import dev.evalhub.index.internal.Views;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.RepoType;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.TokenVerifier;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The hub's SQL index, derived from the repositories: opened on H2 (the default, a file in the data folder) or
 * PostgreSQL by JDBC URL, migrated with Flyway on open. Serves leaderboards, benchmarks and model results;
 * {@link #ingestion()} keeps it up to date. Thread-safe.
 */
public final class Index implements AutoCloseable {

  private static final int CONNECTIONS = 8;
  private static final String H2_BIND_ADDRESS = "h2.bindAddress";

  static {
    // The embedded H2's AUTO_SERVER port (through which the CLI shares the index with a running hub) listens on
    // every interface unless H2's bind address says otherwise; H2 reads it once, when its classes load, which is
    // after this class. An operator's own -Dh2.bindAddress wins.
    if (System.getProperty(H2_BIND_ADDRESS) == null) {
      System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
    }
  }

  private final Storage storage;
  private final ConnectionPool pool;
  private final Ingestion ingestion;
  private final ResultRows rows;
  /**
   * Leaderboards computed since the index last changed in this process: reads far outnumber pushes. Private
   * models never enter a leaderboard, so one answer serves every caller who may see the benchmark.
   */
  private final LeaderboardCache leaderboards =
      new LeaderboardCache(LeaderboardCache.MAX_ENTRIES, LeaderboardCache.MAX_BYTES);

  private Index(Storage storage, ConnectionPool pool, TrustedIssuers trusted) {
    this.storage = storage;
    this.pool = pool;
    this.rows = new ResultRows(new TokenVerifier(trusted));
    this.ingestion = new Ingestion(storage, pool, new RefIndexer(storage.options().formats(), rows),
        this::changed);
  }

  private void changed() {
    leaderboards.invalidate();
  }

  /**
   * Verifies with {@code trusted} from now on, and verifies again the stored results whose verification it may
   * change (those whose token names a key id that was added, removed, revoked or re-keyed), so that the index
   * stays what a rebuild with these keys would give. Runs as one writer with ingestion; returns how many results
   * were verified again.
   */
  public int trust(TrustedIssuers trusted) {
    int count;
    synchronized (ingestion) {
      rows.use(new TokenVerifier(trusted));
      count = pool.transaction(c -> Reverification.apply(c, storage, storage.options().formats(), rows, trusted));
    }
    changed();
    return count;
  }

  /**
   * The default database: an embedded H2 file in {@code dataDir/index}, which CLI commands may share through H2's
   * auto-server port, on loopback only.
   */
  public static String defaultUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("index").resolve("evalhub")
        + ";AUTO_SERVER=TRUE";
  }

  /** Opens (and migrates) the index at {@code jdbcUrl} over {@code storage}, trusting {@code trusted}'s tokens. */
  public static Index open(String jdbcUrl, Storage storage, TrustedIssuers trusted) {
    Flyway.configure().dataSource(jdbcUrl, null, null).load().migrate();
    Index index = new Index(storage, new ConnectionPool(jdbcUrl, CONNECTIONS), trusted);
    // Results verified with other keys (changed while the index was closed) are verified again.
    index.trust(trusted);
    return index;
  }

  public Ingestion ingestion() {
    return ingestion;
  }

  /** Every public registered benchmark with its tasks. */
  public List<BenchmarkInfo> benchmarks() {
    return new ArrayList<>(pool.read(IndexQueries::publicBenchmarks).values());
  }

  /**
   * The leaderboard of {@code taskId} (empty: the benchmark's first task) of the benchmark {@code datasetId};
   * {@code baseModelsOnly} keeps only models whose README declares no {@code base_model}.
   */
  public Leaderboard leaderboard(String datasetId, Optional<String> taskId, boolean baseModelsOnly,
      Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(datasetId, caller);
    BenchmarkInfo.Task task = taskId.isEmpty() ? benchmark.tasks().get(0) : benchmark.tasks().stream()
        .filter(t -> t.id().equals(taskId.get())).findFirst()
        .orElseThrow(() -> HubException.notFound("\"" + taskId.get() + "\" is not a task of the benchmark "
            + benchmark.datasetId()));
    return leaderboard(benchmark, task, baseModelsOnly);
  }

  /** Every leaderboard of the benchmark {@code datasetId}, one per task, in the order of its {@code eval.yaml}. */
  public List<Leaderboard> leaderboards(String datasetId, boolean baseModelsOnly, Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(datasetId, caller);
    return benchmark.tasks().stream().map(task -> leaderboard(benchmark, task, baseModelsOnly)).toList();
  }

  /** The {@code limit} latest results committed to public models' {@code main}, newest first. */
  public List<RecentResult> recentResults(int limit) {
    return pool.read(c -> IndexQueries.recentResults(c, limit));
  }

  /**
   * A model's results from {@code main} and its open pull requests, and its invalid files. A result naming a
   * benchmark the caller may not see reads exactly as one naming a dataset that does not exist.
   */
  public List<EvalResult> evalResults(String modelId, Optional<Caller> caller) {
    RepoInfo repo = visible(RepoType.MODEL, modelId, caller);
    String key = RefIndexer.key(repo);
    return pool.read(c -> {
      List<EvalResult> results = new ArrayList<>();
      List<IndexQueries.ModelRow> rows = IndexQueries.modelResults(c, key);
      // An open pull request's tree holds main's files too: its entries identical to main's count once.
      Set<String> onMain = new HashSet<>();
      rows.stream().filter(r -> r.candidate().onMain()).forEach(r -> onMain.add(r.candidate().entrySha256()));
      // A benchmark the caller cannot see is, for them, not registered: its badge and the reason a result is on
      // no leaderboard must not tell a private benchmark (or its tasks) from a missing one.
      Map<String, Boolean> visibleBenchmarks = new HashMap<>();
      rows.stream().filter(r -> r.candidate().onMain() || !onMain.contains(r.candidate().entrySha256()))
          .map(row -> !row.benchmarkRegistered() || visibleBenchmarks.computeIfAbsent(row.datasetId(),
              id -> canSee(RepoType.DATASET, id, caller)) ? row : row.unregistered())
          .forEach(row -> results.add(Views.result(row)));
      IndexQueries.invalidFiles(c, key).forEach(f -> results.add(EvalResult.invalid(f.filePath(), f.prNumber(),
          f.diagnostics())));
      return results;
    });
  }

  /**
   * Every ref the index could not read (see {@link IndexFailure}), by repository and ref: for operators only, as
   * it names private repositories.
   */
  public List<IndexFailure> failures() {
    return pool.read(IndexQueries::failures);
  }

  /** The sequence number of the last event applied to the index. */
  public long lastSequence() {
    return pool.read(dev.evalhub.index.internal.IndexTables::lastSequence);
  }

  private Leaderboard leaderboard(BenchmarkInfo benchmark, BenchmarkInfo.Task task, boolean baseModelsOnly) {
    String cacheKey = benchmark.datasetId() + "\n" + task.id() + "\n" + baseModelsOnly;
    return leaderboards.get(cacheKey, () -> compute(benchmark, task, baseModelsOnly));
  }

  private Leaderboard compute(BenchmarkInfo benchmark, BenchmarkInfo.Task task, boolean baseModelsOnly) {
    String datasetKey = benchmark.datasetId().toLowerCase(Locale.ROOT);
    List<Ranking.Ranked> ranked = Ranking.rank(
        pool.read(c -> IndexQueries.candidates(c, datasetKey, task.id(), baseModelsOnly)), task.higherIsBetter());
    return new Leaderboard(benchmark.datasetId(), task.id(), task.metricName(), task.higherIsBetter(),
        ranked.stream().map(r -> Views.entry(r, benchmark.datasetId(), task.id())).toList());
  }

  private BenchmarkInfo benchmark(String datasetId, Optional<Caller> caller) {
    RepoInfo dataset = visible(RepoType.DATASET, datasetId, caller);
    String key = dataset.id().fullName().toLowerCase(Locale.ROOT);
    return pool.read(c -> IndexQueries.benchmark(c, key)).orElseThrow(() -> HubException.notFound("the dataset "
        + dataset.id().fullName() + " is not a registered benchmark: its main branch has no valid eval.yaml"));
  }

  private boolean canSee(RepoType type, String id, Optional<Caller> caller) {
    return RepoId.parsePath(type.urlPrefix() + id).flatMap(storage.repositories()::find)
        .filter(found -> storage.access().canRead(caller, found)).isPresent();
  }

  /** The repository, when {@code caller} may see it; a private one is "not found" to others. */
  private RepoInfo visible(RepoType type, String id, Optional<Caller> caller) {
    Optional<RepoInfo> repo = RepoId.parsePath(type.urlPrefix() + id).flatMap(storage.repositories()::find)
        .filter(found -> storage.access().canRead(caller, found));
    return repo.orElseThrow(() -> HubException.repoNotFound(type.urlPrefix() + id));
  }

  @Override
  public void close() {
    pool.close();
  }
}
