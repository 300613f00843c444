package dev.evalhub.index;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.index.CacheStats;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.domain.leaderboard.ModelDiscrepancy;
import dev.evalhub.domain.leaderboard.RecentResult;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.lineage.Descendant;
import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageFold;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.index.internal.Candidate;
import dev.evalhub.index.internal.CardResults;
import dev.evalhub.index.internal.Comparisons;
import dev.evalhub.index.internal.ConnectionPool;
import dev.evalhub.index.internal.Discrepancies;
import dev.evalhub.index.internal.FlagMarks;
import dev.evalhub.index.internal.GroupRanking;
import dev.evalhub.index.internal.H2LockFile;
import dev.evalhub.index.internal.IndexQueries;
import dev.evalhub.index.internal.Invalidations;
import dev.evalhub.index.internal.LeaderboardCache;
import dev.evalhub.index.internal.LineageFolds;
import dev.evalhub.index.internal.LineageWalk;
import dev.evalhub.index.internal.PairedSamples;
import dev.evalhub.index.internal.Ranking;
import dev.evalhub.index.internal.RebuildIndexes;
import dev.evalhub.index.internal.RefIndexer;
import dev.evalhub.index.internal.ResultRows;
import dev.evalhub.index.internal.Reverification;
import dev.evalhub.index.internal.TaskRecords;
import dev.evalhub.index.internal.Views;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.TokenVerifier;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The hub's SQL index, derived from the repositories: opened on H2 (the default, a file in the data
 * folder) or PostgreSQL by JDBC URL, migrated with Flyway on open. Serves leaderboards, benchmarks
 * and model results; {@link #ingestion()} keeps it up to date. Thread-safe.
 */
public final class Index implements AutoCloseable {

  private static final int CONNECTIONS = 8;
  private static final String H2_BIND_ADDRESS = "h2.bindAddress";

  static {
    // The embedded H2's AUTO_SERVER port (through which the CLI shares the index with a running
    // hub) listens on
    // every interface unless H2's bind address says otherwise; H2 reads it once, when its classes
    // load, which is
    // after this class. An operator's own -Dh2.bindAddress wins.
    if (System.getProperty(H2_BIND_ADDRESS) == null) {
      System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
    }
  }

  private final Storage storage;
  private final ConnectionPool pool;
  private final Ingestion ingestion;
  private final ResultRows rows;
  private final SqlSessions sessions;

  /**
   * Leaderboards computed since the index last changed in this process: reads far outnumber pushes.
   * Private models never enter a leaderboard, so one answer serves every caller who may see the
   * benchmark.
   */
  private final LeaderboardCache leaderboards =
      new LeaderboardCache(LeaderboardCache.MAX_ENTRIES, LeaderboardCache.MAX_BYTES);

  /**
   * Registered benchmarks read since the index last changed (every leaderboard request names one):
   * an entry is used only in the generation it was read in, so a read racing with a change is never
   * served after it (the leaderboards' generation). At most one per registered benchmark and {@link
   * #MAX_CACHED_BENCHMARKS}.
   */
  private final Map<String, CachedBenchmark> benchmarks = new ConcurrentHashMap<>();

  /**
   * Folds of the leaderboards computed since the index last changed, by the leaderboard's identity
   * (weak keys): a cached leaderboard is one object per generation, and any change (a README's
   * lineage too) makes new ones.
   */
  private final com.github.benmanes.caffeine.cache.Cache<Leaderboard, LineageFold> folds =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .weakKeys()
          .maximumSize(1_000)
          .build();

  /** Per-sample scores and paired tests, by content: valid across generations. */
  private final PairedSamples pairedSamples;

  private static final int MAX_CACHED_BENCHMARKS = 10_000;

  private record CachedBenchmark(long generation, Optional<BenchmarkInfo> benchmark) {}

  private Index(Storage storage, ConnectionPool pool, TrustedIssuers trusted) {
    this.storage = storage;
    this.pool = pool;
    this.sessions = new SqlSessions(pool, java.time.Clock.systemUTC());
    this.pairedSamples =
        new PairedSamples(
            c -> pool.read(connection -> IndexQueries.samples(connection, c)), 128L << 20);
    this.rows =
        new ResultRows(
            new TokenVerifier(trusted), new dev.evalhub.index.internal.JobClaims(storage));
    this.ingestion =
        new Ingestion(
            storage, pool, new RefIndexer(storage.options().formats(), rows), this::changed);
  }

  private void changed() {
    leaderboards.invalidate();
    folds.invalidateAll();
    benchmarks.clear();
  }

  /**
   * Drops every cache of what the index holds (leaderboards, benchmarks, folds), as a change of the
   * index does: what an instance of a hub on PostgreSQL runs when another instance changed the
   * shared index ({@link Cluster}).
   */
  public void invalidateCaches() {
    changed();
  }

  /**
   * The id this index's process sends its change notifications with (random, one per opened index),
   * so that it ignores its own ({@link Cluster}).
   */
  public String origin() {
    return ingestion.origin();
  }

  /**
   * Verifies with {@code trusted} from now on, and verifies again the stored results whose
   * verification it may change (those whose token names a key id that was added, removed, revoked
   * or re-keyed), so that the index stays what a rebuild with these keys would give. Runs as one
   * writer with ingestion; returns how many results were verified again.
   */
  public int trust(TrustedIssuers trusted) {
    int count;
    synchronized (ingestion) {
      rows.use(new TokenVerifier(trusted));
      if (!ingestion.mayWrite()) {
        // A follower of several instances: the leader verifies the stored results again.
        return 0;
      }
      try {
        count =
            ingestion.write(
                c -> Reverification.apply(c, storage, storage.options().formats(), rows, trusted));
      } catch (FencedException e) {
        // Another instance leads now and verifies the stored results again.
        return 0;
      }
    }
    changed();
    if (count > 0) {
      ingestion.announce();
    }
    return count;
  }

  /**
   * The default database: an embedded H2 file in {@code dataDir/index}, which CLI commands may
   * share through H2's auto-server port, on loopback only.
   */
  public static String defaultUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("index").resolve("evalhub")
        + ";AUTO_SERVER=TRUE";
  }

  /**
   * Opens (and migrates) the index at {@code jdbcUrl} over {@code storage}, trusting {@code
   * trusted}'s tokens.
   */
  public static Index open(String jdbcUrl, Storage storage, TrustedIssuers trusted) {
    Index index = openFollowing(jdbcUrl, storage, trusted);
    index.ingestion.writeOnlyWhile(() -> true);
    index.takeOver(trusted);
    return index;
  }

  /**
   * Opens (and migrates) the index at {@code jdbcUrl} for a process that writes nothing to it until
   * it leads ingestion: one of several instances on PostgreSQL before {@link Cluster#join}, or the
   * command line ({@link Cluster#leadAlone}). Reads work at once; the writer runs {@link #takeOver}
   * when it starts writing.
   */
  public static Index openFollowing(String jdbcUrl, Storage storage, TrustedIssuers trusted) {
    Index index = new Index(storage, prepare(jdbcUrl).pool, trusted);
    index.ingestion.writeOnlyWhile(() -> false);
    return index;
  }

  /**
   * The database of an index, connected and migrated, not yet over a storage: what a server's start
   * prepares on a second thread while the storage opens ({@link #prepare}, then {@link
   * #open(Prepared, Storage, TrustedIssuers)}). {@link #close} releases it when it is not used.
   */
  public static final class Prepared implements AutoCloseable {
    private final ConnectionPool pool;
    private boolean used;

    private Prepared(ConnectionPool pool) {
      this.pool = pool;
    }

    /** Closes the connections unless an index was opened over them (which closes them then). */
    @Override
    public synchronized void close() {
      if (!used) {
        pool.close();
      }
    }

    private synchronized ConnectionPool use() {
      used = true;
      return pool;
    }
  }

  /**
   * Connects to and migrates the index database at {@code jdbcUrl} (Flyway, skipped when up to
   * date). Throws {@link IndexException} when it cannot.
   */
  public static Prepared prepare(String jdbcUrl) {
    // A killed process's H2 lock file names its server: H2 would wait for that port without limit.
    H2LockFile.removeIfStale(jdbcUrl);
    ConnectionPool pool = new ConnectionPool(jdbcUrl, CONNECTIONS);
    try {
      dev.evalhub.index.internal.Migrations.migrate(pool);
    } catch (org.flywaydb.core.api.FlywayException e) {
      pool.close();
      throw ConnectionPool.failure("cannot migrate the index database", jdbcUrl, e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Prepared(pool);
  }

  /** {@link #open(String, Storage, TrustedIssuers)} over a database {@link #prepare}d already. */
  public static Index open(Prepared prepared, Storage storage, TrustedIssuers trusted) {
    Index index = new Index(storage, prepared.use(), trusted);
    index.ingestion.writeOnlyWhile(() -> true);
    index.takeOver(trusted);
    return index;
  }

  /**
   * What the index's writer runs when it starts writing (at open for one process, when it takes the
   * lead for several): builds the results' secondary indexes a killed rebuild dropped, and verifies
   * again the results whose verification {@code trusted} changes ({@link #trust}). Nothing is
   * written unless this process may write; returns how many results were verified again.
   */
  public int takeOver(TrustedIssuers trusted) {
    synchronized (ingestion) {
      if (!ingestion.mayWrite()) {
        rows.use(new TokenVerifier(trusted));
        return 0;
      }
      // A rebuild killed after it dropped the results' secondary indexes left them to build here
      // (only when missing and no rebuild runs: even CREATE INDEX IF NOT EXISTS would lock the
      // results table).
      RebuildIndexes.createMissing(pool);
    }
    // Results verified with other keys (changed while the index was closed) are verified again.
    return trust(trusted);
  }

  public Ingestion ingestion() {
    return ingestion;
  }

  /**
   * The pages' sessions in the database, shared by every instance of the hub: present when the
   * index is PostgreSQL; empty for the embedded H2 (one process keeps its sessions in memory).
   */
  public Optional<dev.evalhub.domain.account.WebSessionStore> sharedSessions() {
    return SqlEventStore.supports(pool.url()) ? Optional.of(sessions) : Optional.empty();
  }

  /** Every public registered benchmark with its tasks. */
  public List<BenchmarkInfo> benchmarks() {
    return new ArrayList<>(pool.read(IndexQueries::publicBenchmarks).values());
  }

  /**
   * Every registered benchmark, public or private, as the dataset ids their owners spelled: whether
   * the caller may see each is the caller's to check (the importer matches logs against the ones it
   * may read).
   */
  public List<RepoId> benchmarkIds() {
    return pool.read(IndexQueries::benchmarkIds).stream().map(Views::benchmark).toList();
  }

  /**
   * The benchmark of the dataset {@code dataset} (any case), spelled as its owner wrote it; empty
   * when its {@code main} holds no valid {@code eval.yaml}. Whether the caller may see it is the
   * caller's to check.
   */
  public Optional<BenchmarkInfo> benchmark(RepoId dataset) {
    String key = IndexKey.of(dataset).value();
    long current = leaderboards.generation();
    CachedBenchmark cached = benchmarks.get(key);
    if (cached != null && cached.generation() == current) {
      return cached.benchmark();
    }
    Optional<BenchmarkInfo> read = pool.read(c -> IndexQueries.benchmark(c, key));
    if (benchmarks.size() < MAX_CACHED_BENCHMARKS) {
      benchmarks.put(key, new CachedBenchmark(current, read));
    }
    return read;
  }

  /**
   * The leaderboard of {@code task} (its benchmark in any case); {@code baseModelsOnly} keeps only
   * models whose README declares no {@code base_model}. Private models are never on it, so one
   * answer serves every caller who may see the benchmark (which is theirs to check). Not found when
   * the task is not a registered benchmark's.
   */
  public Leaderboard leaderboard(TaskRef task, boolean baseModelsOnly) {
    return leaderboard(task, baseModelsOnly, false);
  }

  /**
   * As {@link #leaderboard(TaskRef, boolean)}; {@code hideFlagged} also drops the rows that an open
   * flag or an inherited (upheld contamination) flag stands against (issue 14), ranking the rest.
   */
  public Leaderboard leaderboard(TaskRef task, boolean baseModelsOnly, boolean hideFlagged) {
    String cacheKey =
        IndexKey.of(task.benchmark()).value()
            + "\n"
            + task.taskId()
            + "\n"
            + baseModelsOnly
            + (hideFlagged ? "\nhide-flagged" : "");
    return leaderboards.get(
        cacheKey,
        () -> {
          BenchmarkInfo benchmark =
              benchmark(task.benchmark()).orElseThrow(() -> notRegistered(task.benchmark()));
          return compute(
              benchmark, benchmark.task(Optional.of(task.taskId())), baseModelsOnly, hideFlagged);
        });
  }

  /** Not found: {@code dataset} is not a registered benchmark. */
  public static HubException notRegistered(RepoId dataset) {
    return HubException.notFound(
        "the dataset "
            + dataset.fullName()
            + " is not a registered benchmark: its main branch has no valid eval.yaml");
  }

  /** The {@code limit} latest results committed to public models' {@code main}, newest first. */
  public List<RecentResult> recentResults(int limit) {
    return pool.read(c -> IndexQueries.recentResults(c, limit));
  }

  /**
   * A model's results from {@code main} and its open pull requests, and its invalid files (whether
   * the caller may see the model is the caller's to check). A result naming a benchmark for which
   * {@code benchmarkVisible} is false reads exactly as one naming a dataset that is no registered
   * benchmark.
   */
  public List<EvalResult> evalResults(RepoId model, Predicate<RepoId> benchmarkVisible) {
    String key = IndexKey.of(model).value();
    Predicate<String> ownIssuer = ownIssuers();
    return pool.read(
        c -> {
          List<EvalResult> results = new ArrayList<>();
          List<IndexQueries.ModelRow> rows = IndexQueries.modelResults(c, key);
          // An open pull request's tree holds main's files too: its entries identical to main's
          // count once.
          Set<String> onMain = new HashSet<>();
          rows.stream()
              .filter(r -> r.candidate().onMain())
              .forEach(r -> onMain.add(r.candidate().entrySha256()));
          // A benchmark the caller cannot see is, for them, not registered: its badge and the
          // reason a result is on
          // no leaderboard must not tell a private benchmark (or its tasks) from a missing one.
          Map<String, Boolean> visibleBenchmarks = new HashMap<>();
          rows.stream()
              .filter(r -> r.candidate().onMain() || !onMain.contains(r.candidate().entrySha256()))
              .map(
                  row ->
                      !row.benchmarkRegistered()
                              || visibleBenchmarks.computeIfAbsent(
                                  row.datasetId(), id -> benchmarkVisible.test(Views.benchmark(id)))
                          ? row
                          : row.unregistered())
              .forEach(row -> results.add(Views.result(row, ownIssuer)));
          IndexQueries.invalidFiles(c, key)
              .forEach(
                  f ->
                      results.add(
                          new EvalResult.Invalid(
                              new ResultLocation(
                                  f.filePath(),
                                  Optional.ofNullable(f.prNumber()).map(PrNumber::new)),
                              f.diagnostics())));
          return results;
        });
  }

  /**
   * The methodology spreads of the model {@code model} (whether the caller may see it is the
   * caller's to check), from {@code main} and its open pull requests (an open pull request's entry
   * identical to one on {@code main} counts once). With {@code taskId} (and its {@code dataset}):
   * that task's spread, however many groups it has, or none when the model has no result on it.
   * Otherwise one spread per task (of {@code dataset}, when given) on which the model has results
   * in more than one methodology group, by dataset then task. The dataset is read as the results
   * spell it: a spread tells nothing of the benchmark beyond what the model's own files say.
   */
  public List<MethodologySpread> spreads(
      RepoId model, Optional<RepoId> dataset, Optional<String> taskId) {
    List<Candidate> rows =
        pool.read(
            c ->
                IndexQueries.modelTaskResults(
                    c,
                    IndexKey.of(model).value(),
                    dataset.map(d -> IndexKey.of(d).value()),
                    taskId));
    Set<String> onMain = new HashSet<>();
    rows.stream().filter(Candidate::onMain).forEach(r -> onMain.add(r.entrySha256()));
    Map<String, List<Map.Entry<Candidate, ResultEntry>>> byTask = new LinkedHashMap<>();
    for (Candidate row : rows) {
      if (row.onMain() || !onMain.contains(row.entrySha256())) {
        ResultEntry entry = Views.resultEntry(row);
        byTask
            .computeIfAbsent(
                IndexKey.ofDataset(entry.dataset().id()) + "\n" + entry.dataset().taskId(),
                k -> new ArrayList<>())
            .add(Map.entry(row, entry));
      }
    }
    List<MethodologySpread> spreads = new ArrayList<>();
    for (List<Map.Entry<Candidate, ResultEntry>> results : byTask.values()) {
      ResultEntry first = results.get(0).getValue();
      MethodologySpread spread =
          MethodologySpread.of(
              first.dataset().id(),
              first.dataset().taskId(),
              results.stream().map(r -> Views.measurement(r.getKey(), r.getValue())).toList());
      if (taskId.isPresent() || spread.groupCount() > 1) {
        spreads.add(spread);
      }
    }
    return spreads;
  }

  /**
   * The {@code base_model} lineage of {@code model} (whether the caller may see it is the caller's
   * to check): its ancestors up to the roots and its descendants down to the leaves, bounded and
   * cycle-safe (see {@link Lineage}). A private model enters the trees only when {@code readable}
   * says the caller may read it: a private parent it may not read reads exactly as a parent off the
   * hub (its id as the child's card wrote it, no link, no parents), a private child is left out
   * with its own children.
   */
  public Lineage lineage(RepoId model, Predicate<RepoId> readable) {
    return pool.read(c -> new LineageWalk(c, readable).lineage(model));
  }

  /**
   * Every model on the hub derived from {@code model} through {@code base_model}, private ones too
   * (whether a caller may see each is the caller's to check), each once with its generation (1: a
   * child) by the shortest path, by generation; at most {@link Lineage#MAX_NODES} models down to
   * {@link Lineage#MAX_DEPTH} generations, cycle-safe. What propagates a fact to derived models
   * walks this.
   */
  public List<Descendant> descendants(RepoId model) {
    return pool.read(c -> new LineageWalk(c, id -> true).descendants(model));
  }

  /**
   * The ranked rows of {@code leaderboard} with derived models folded under their base (see {@link
   * LineageFolds}): each row under the row of its nearest ancestor, through public models on the
   * hub, that has a row in the same methodology group. Meant for a leaderboard that lists derived
   * models ({@code baseModelsOnly} false); on one that does not, nothing folds.
   */
  public LineageFold fold(Leaderboard leaderboard) {
    return folds.get(
        leaderboard,
        board ->
            pool.read(
                c ->
                    LineageFolds.fold(
                        board.entries(),
                        new LineageWalk(c, id -> false).readingAllParents()::nearestAncestor)));
  }

  /**
   * Every ref the index could not read (see {@link IndexFailure}), by repository and ref: for
   * operators only, as it names private repositories.
   */
  public List<IndexFailure> failures() {
    return pool.read(IndexQueries::failures);
  }

  /**
   * What the leaderboard cache of this process has done and holds (counts only: no key, no
   * repository).
   */
  public CacheStats leaderboardCacheStats() {
    return leaderboards.stats();
  }

  /** The sequence number of the last event applied to the index. */
  public long lastSequence() {
    return pool.read(dev.evalhub.index.internal.IndexTables::lastSequence);
  }

  /**
   * Records that the index holds every ref of every repository as of its last applied event (what a
   * server's clean stop records, after its last event is applied): the next {@link #takeCleanStop}
   * finds it. Writes only while this process may write, and never while a rebuild is half done (one
   * failed or still running beside this process: the tables are not whole). Returns whether it
   * recorded.
   */
  public boolean recordCleanStop() {
    synchronized (ingestion) {
      if (!ingestion.mayWrite()) {
        return false;
      }
      try {
        return ingestion.write(dev.evalhub.index.internal.IndexTables::recordCleanStop);
      } catch (FencedException e) {
        return false; // another instance leads now: this one's stop is not the index's
      }
    }
  }

  /**
   * Whether the index was last written by a server that stopped cleanly ({@link #recordCleanStop})
   * and has not been written since (its position is still the recorded one), with no rebuild half
   * done; takes the record (sets it NULL, committed), so that a crash from here on is not taken for
   * a clean stop. What the start of one process reads to skip its walks over every repository.
   */
  public boolean takeCleanStop() {
    synchronized (ingestion) {
      return pool.transaction(dev.evalhub.index.internal.IndexTables::takeCleanStop);
    }
  }

  /**
   * This hub's own issuers (of its signing keys, retired ones too): a verified token of theirs that
   * names a job links to the job's page.
   */
  private Predicate<String> ownIssuers() {
    Set<String> issuers = new HashSet<>();
    storage.hubKeys().list().forEach(key -> issuers.add(key.issuer()));
    return issuers::contains;
  }

  private Leaderboard compute(
      BenchmarkInfo benchmark,
      BenchmarkInfo.Task task,
      boolean baseModelsOnly,
      boolean hideFlagged) {
    String datasetKey = IndexKey.of(benchmark.dataset()).value();
    TaskRef ref = benchmark.ref(task);
    Predicate<String> ownIssuer = ownIssuers();
    // The task's public record (issue 14): what it sets apart and the banner.
    TaskRecords.State record = pool.read(c -> TaskRecords.state(c, datasetKey, task.id()));
    List<Candidate> candidates =
        pool.read(c -> IndexQueries.candidates(c, datasetKey, task.id(), baseModelsOnly));
    Invalidations.Split split = Invalidations.split(candidates, record);
    // An upheld flag takes its result off the ranking (listed apart), "hide flagged" drops open
    // and inherited ones.
    FlagMarks flags = pool.read(c -> FlagMarks.load(c, datasetKey, task.id()));
    Map<Boolean, List<Candidate>> byUpheld =
        split.counted().stream().collect(Collectors.partitioningBy(flags::upheld));
    List<Candidate> upheld =
        byUpheld.get(true).stream()
            .sorted(
                Comparator.comparing((Candidate c) -> c.modelId().toLowerCase(Locale.ROOT))
                    .thenComparing(Candidate::filePath)
                    .thenComparing(c -> c.prNumber() == null ? 0 : c.prNumber())
                    .thenComparing(Candidate::groupKey))
            .toList();
    Ranking.Board board =
        Ranking.rank(
            byUpheld.get(false).stream().filter(c -> !(hideFlagged && flags.hides(c))).toList(),
            task.higherIsBetter(),
            task.range());
    Discrepancies discrepancies = discrepancies(datasetKey, task, candidates, baseModelsOnly);
    // The groups in display order: the reference first, results stating no methodology last.
    Map<String, MethodologyGroup> groups = new TreeMap<>();
    board.ranked().forEach(r -> groups.put(r.candidate().groupKey(), null));
    board.flagged().forEach(f -> groups.put(f.candidate().groupKey(), null));
    groups.replaceAll(
        (key, none) ->
            dev.evalhub.index.internal.MethodologyGroup.decode(key, task.reference().orElse(null)));
    List<MethodologyGroup> ordered =
        groups.values().stream().sorted(Comparator.comparing(MethodologyGroup::role)).toList();
    Function<String, MethodologyGroup> groupOf =
        key ->
            groups.containsKey(key)
                ? groups.get(key)
                : dev.evalhub.index.internal.MethodologyGroup.decode(
                    key, task.reference().orElse(null));
    Comparator<LeaderboardEntry> byGroup =
        Comparator.comparingInt(e -> ordered.indexOf(e.provenance().group()));
    Map<MethodologyGroup, List<GroupRanking.Row>> byGroupRows = new LinkedHashMap<>();
    ordered.forEach(g -> byGroupRows.put(g, new ArrayList<>()));
    for (Ranking.Ranked r : board.ranked()) {
      MethodologyGroup group = groups.get(r.candidate().groupKey());
      byGroupRows
          .get(group)
          .add(
              new GroupRanking.Row(
                  discrepancies.mark(
                      flags.apply(
                          Invalidations.mark(
                              Views.entry(r, ref, task, group, ownIssuer), r.candidate(), record),
                          r.candidate()),
                      r.candidate()),
                  r.candidate()));
    }
    List<LeaderboardEntry> entries = new ArrayList<>();
    List<GroupStatistics> statistics = new ArrayList<>();
    byGroupRows.forEach(
        (group, rows) -> {
          GroupRanking.Ranked ranked = GroupRanking.rank(group, rows, task, pairedSamples);
          entries.addAll(ranked.entries());
          ranked.statistics().ifPresent(statistics::add);
        });
    return new Leaderboard(
        ref,
        task.metricName(),
        task.higherIsBetter(),
        ordered,
        entries,
        board.flagged().stream()
            .map(
                f ->
                    flags.apply(
                        Invalidations.mark(
                            Views.flagged(
                                f, ref, task, groups.get(f.candidate().groupKey()), ownIssuer),
                            f.candidate(),
                            record),
                        f.candidate()))
            .sorted(byGroup)
            .toList(),
        statistics,
        apart(
            Invalidations.apart(split, ref, task, groupOf, ownIssuer),
            upheld.stream()
                .map(
                    c ->
                        flags.apply(
                            Views.entry(
                                new Ranking.Ranked(0, c, List.of()),
                                ref,
                                task,
                                groupOf.apply(c.groupKey()),
                                ownIssuer),
                            c))
                .toList()),
        record.notice());
  }

  /** The rows set apart by the task's record, then those set apart by upheld flags. */
  private static List<LeaderboardEntry> apart(
      List<LeaderboardEntry> byRecord, List<LeaderboardEntry> byFlags) {
    List<LeaderboardEntry> all = new ArrayList<>(byRecord);
    all.addAll(byFlags);
    return all;
  }

  /**
   * The public changes record of the benchmark {@code dataset} (any case), newest first, each
   * change with how many results it affects now ({@link BenchmarkChange}). Whether the caller may
   * see it is the caller's to check; not found when it is no registered benchmark.
   */
  public List<BenchmarkChange> changes(RepoId dataset) {
    benchmark(dataset).orElseThrow(() -> notRegistered(dataset));
    return pool.read(c -> TaskRecords.changes(c, IndexKey.of(dataset).value()));
  }

  /** The discrepancies among a task's candidates and the model-card results it maps. */
  private Discrepancies discrepancies(
      String datasetKey,
      BenchmarkInfo.Task task,
      List<Candidate> candidates,
      boolean baseModelsOnly) {
    return pool.read(
        c -> {
          CardResults.TaskMatching matching = CardResults.taskMatching(c, datasetKey, task.id());
          return Discrepancies.find(
              candidates,
              CardResults.candidates(c, datasetKey, matching, baseModelsOnly),
              task,
              matching.tolerance());
        });
  }

  /**
   * Every discrepancy of the benchmark {@code dataset} (see {@link Discrepancies}), of one task or
   * of all its tasks in file order, by group then rank as the leaderboards (every model, base or
   * derived; private models never). Read from the cached leaderboards: a row carries every
   * discrepancy of its model and group. Not found when the dataset is no registered benchmark or
   * has no such task.
   */
  public List<ModelDiscrepancy> discrepancies(RepoId dataset, Optional<String> taskId) {
    BenchmarkInfo benchmark = benchmark(dataset).orElseThrow(() -> notRegistered(dataset));
    List<BenchmarkInfo.Task> tasks =
        taskId.isPresent() ? List.of(benchmark.task(taskId)) : benchmark.tasks();
    List<ModelDiscrepancy> all = new ArrayList<>();
    for (BenchmarkInfo.Task task : tasks) {
      Leaderboard leaderboard = leaderboard(benchmark.ref(task), false);
      List<LeaderboardEntry> rows = new ArrayList<>(leaderboard.entries());
      rows.addAll(leaderboard.invalidated());
      for (LeaderboardEntry row : rows) {
        row.trust()
            .discrepancies()
            .forEach(
                d ->
                    all.add(
                        new ModelDiscrepancy(
                            row.model().id(), leaderboard.task(), row.provenance().group(), d)));
      }
    }
    return all;
  }

  /**
   * Two models' rows on the leaderboard of {@code task} compared (issue 13): in the methodology
   * group {@code groupKey} (its {@link MethodologyGroup#key()}), else the first group in display
   * order that holds both; with every model, base or derived. Not found when the task is not a
   * registered benchmark's or the models have no rows in one group (or not in that one).
   */
  public Comparison compare(TaskRef task, RepoId a, RepoId b, Optional<String> groupKey) {
    BenchmarkInfo benchmark =
        benchmark(task.benchmark()).orElseThrow(() -> notRegistered(task.benchmark()));
    BenchmarkInfo.Task settings = benchmark.task(Optional.of(task.taskId()));
    TaskRef ref = benchmark.ref(settings);
    Leaderboard leaderboard = leaderboard(ref, false);
    String datasetKey = IndexKey.of(benchmark.dataset()).value();
    // The candidates the leaderboard ranked: those its task's record sets apart are not compared.
    TaskRecords.State record = pool.read(c -> TaskRecords.state(c, datasetKey, settings.id()));
    Ranking.Board board =
        Ranking.rank(
            Invalidations.split(
                    pool.read(c -> IndexQueries.candidates(c, datasetKey, settings.id(), false)),
                    record)
                .counted(),
            settings.higherIsBetter(),
            settings.range());
    for (MethodologyGroup group : leaderboard.groups()) {
      if (groupKey.isPresent() && !groupKey.get().equals(group.key())) {
        continue;
      }
      Optional<LeaderboardEntry> rowA = row(leaderboard, group, a);
      Optional<LeaderboardEntry> rowB = row(leaderboard, group, b);
      if (rowA.isEmpty() || rowB.isEmpty()) {
        continue;
      }
      Candidate ca = candidate(board, group, a);
      Candidate cb = candidate(board, group, b);
      return Comparisons.compare(
          ref,
          group,
          new GroupRanking.Row(rowA.get(), ca),
          new GroupRanking.Row(rowB.get(), cb),
          pairedSamples);
    }
    throw HubException.notFound(
        a.fullName()
            + " and "
            + b.fullName()
            + " have no ranked results in "
            + groupKey.map(k -> "the methodology group " + k).orElse("one methodology group")
            + " of "
            + ref.benchmark().fullName()
            + " task "
            + ref.taskId());
  }

  private static Optional<LeaderboardEntry> row(
      Leaderboard leaderboard, MethodologyGroup group, RepoId model) {
    return leaderboard.entries().stream()
        .filter(e -> e.provenance().group().equals(group))
        .filter(e -> e.model().id().fullName().equalsIgnoreCase(model.fullName()))
        .findFirst();
  }

  private static Candidate candidate(Ranking.Board board, MethodologyGroup group, RepoId model) {
    return board.ranked().stream()
        .map(Ranking.Ranked::candidate)
        .filter(c -> c.groupKey().equals(group.key()))
        .filter(c -> c.modelId().equalsIgnoreCase(model.fullName()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the leaderboard's row has a candidate"));
  }

  @Override
  public void close() {
    pool.close();
  }
}
