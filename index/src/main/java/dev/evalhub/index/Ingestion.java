package dev.evalhub.index;

import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.index.internal.ConnectionPool;
import dev.evalhub.index.internal.FailureGuard;
import dev.evalhub.index.internal.FlagTables;
import dev.evalhub.index.internal.IndexTables;
import dev.evalhub.index.internal.ParsedResults;
import dev.evalhub.index.internal.RebuildIndexes;
import dev.evalhub.index.internal.RefFailures;
import dev.evalhub.index.internal.RefIndexer;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoReader;
import dev.evalhub.storage.Storage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Keeps the index in step with the repositories: applies ref-change events as they come (each in
 * one transaction with the event's sequence number, so a crash loses nothing and a replay changes
 * nothing), catches up with the event log on start, reconciles with what the repositories hold, and
 * rebuilds everything on demand. Events are notifications: the ref's current head is re-read, never
 * the event's {@code newId}. Thread-safe: one writer at a time.
 */
public final class Ingestion {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ingestion.class);

  /**
   * A rebuild reads a repository under one savepoint (see {@link #rebuildRepository}); PostgreSQL
   * keeps at most 64 subtransactions per transaction cheap for concurrent readers, so a rebuild
   * commits every 50 repositories.
   */
  private static final int REPOSITORIES_PER_TRANSACTION = 50;

  private final Storage storage;
  private final ConnectionPool pool;
  private final RefIndexer indexer;
  private final Runnable changed;
  private final RefFailures failures;
  private volatile boolean reconciled;

  /**
   * Whether this process may write the index now: always for one process; only while it leads for
   * one of several instances ({@link Cluster}).
   */
  private volatile BooleanSupplier mayWrite = () -> true;

  /** What every write transaction checks first (a cluster's leader epoch, {@link LeaderEpoch}). */
  private volatile LeaderEpoch.Fence fence = LeaderEpoch.NONE;

  /** Whether commits notify the other instances (a PostgreSQL index). */
  private final boolean notifies;

  private final String origin = java.util.UUID.randomUUID().toString();

  /** {@code changed} runs after every transaction that may have changed what readers see. */
  Ingestion(Storage storage, ConnectionPool pool, RefIndexer indexer, Runnable changed) {
    this.storage = storage;
    this.pool = pool;
    this.indexer = indexer;
    this.changed = changed;
    this.failures = new RefFailures(storage);
    this.notifies = SqlEventStore.supports(pool.url());
  }

  /**
   * Applies events only while {@code condition} holds (checked before each event): what stops a
   * former leader's ingestion at once. Each event's transaction also locks the index's position row
   * and skips an event already applied, so two writers racing for a moment apply each event once.
   */
  void writeOnlyWhile(BooleanSupplier condition) {
    this.mayWrite = condition;
  }

  /**
   * Makes every write transaction of the index check {@code fence} first ({@link #write}): what
   * keeps a former leader that has not yet noticed from writing after another took the lead.
   */
  void fenceWith(LeaderEpoch.Fence fence) {
    this.fence = fence;
  }

  /** The fence {@link #fenceWith} installed last. */
  LeaderEpoch.Fence fence() {
    return fence;
  }

  /**
   * Moves the index's leader epoch on and returns the new one ({@link LeaderEpoch#next}, not
   * fenced): what a process that just took the ingestion lock does before it writes. Waits for the
   * write transactions of the former leader still running to end.
   */
  long takeLeaderEpoch() {
    return pool.transaction(LeaderEpoch::next);
  }

  /**
   * Runs {@code work} in one transaction of the index that first passes the fence ({@link
   * #fenceWith}): every write of the index goes through here, so a new write path is fenced too.
   * Throws {@link FencedException} (the transaction rolled back, nothing changed) when another
   * process leads now.
   */
  <T> T write(ConnectionPool.Work<T> work) {
    LeaderEpoch.Fence checked = fence;
    return pool.transaction(
        c -> {
          checked.check(c);
          return work.run(c);
        });
  }

  String origin() {
    return origin;
  }

  /** The condition {@link #writeOnlyWhile} installed last. */
  BooleanSupplier writeCondition() {
    return mayWrite;
  }

  /** Whether this process may write the index now (see {@link #writeOnlyWhile}). */
  public boolean mayWrite() {
    return mayWrite.getAsBoolean();
  }

  /**
   * Tells the other instances (on PostgreSQL) that the index changed, in a transaction of its own:
   * after a reconcile, a reindex or a new verification, whose commits are already done.
   */
  void announce() {
    if (notifies) {
      pool.read(
          c -> {
            ClusterNotifications.send(
                c, ClusterNotifications.INDEX, IndexTables.lastSequence(c), origin);
            return null;
          });
    }
  }

  /**
   * Applies {@code event} (catching up first if events were missed); events already applied are
   * skipped.
   */
  public synchronized void onEvent(RefEvent event) {
    if (!mayWrite.getAsBoolean()) {
      return;
    }
    long last = pool.read(IndexTables::lastSequence);
    if (event.sequence() <= last) {
      return;
    }
    if (event.sequence() > last + 1) {
      catchUp();
      return;
    }
    try {
      apply(event);
    } catch (FencedException e) {
      // Another instance leads now and applies the event.
      LOG.warn("event {} not applied: {}", event.sequence(), e.getMessage());
    }
  }

  /** Applies every event the log holds after the last one applied; returns how many. */
  public synchronized int catchUp() {
    if (!mayWrite.getAsBoolean()) {
      return 0;
    }
    List<RefEvent> missed = storage.events().readAfter(pool.read(IndexTables::lastSequence));
    int applied = 0;
    for (RefEvent event : missed) {
      if (!mayWrite.getAsBoolean()) {
        break;
      }
      try {
        apply(event);
      } catch (FencedException e) {
        LOG.warn("catch-up stopped: {}", e.getMessage());
        break;
      }
      applied++;
    }
    return applied;
  }

  /**
   * Compares every repository's indexed refs with its current ones and indexes what differs, and
   * forgets repositories that are gone: what covers an event lost between a ref update and its
   * append to the log. Holds the writer's lock one repository at a time, so that events are applied
   * meanwhile (a server may serve while it runs): each repository is compared with its refs as they
   * are when its turn comes, which is what one pass under one lock would find, and the repositories
   * forgotten at the end are those gone then. {@link #reconciled} turns true when it ends.
   */
  public void reconcile() {
    reconcile(() -> true);
  }

  /**
   * {@link #reconcile}, stopping (before the next repository) once {@code keepGoing} turns false:
   * what a hub reconciling in the background while it serves stops with when it closes. A stopped
   * pass leaves {@link #reconciled} false.
   */
  public void reconcile(BooleanSupplier keepGoing) {
    if (!mayWrite.getAsBoolean()) {
      return;
    }
    try {
      reconcileAll(keepGoing);
    } catch (FencedException e) {
      // Leadership lost: the new leader reconciles.
      LOG.warn("reconcile stopped: {}", e.getMessage());
    }
  }

  private void reconcileAll(BooleanSupplier keepGoing) {
    Set<String> present = new HashSet<>();
    for (RepoInfo repo : storage.repositories().list()) {
      present.add(RefIndexer.key(repo));
      synchronized (this) {
        if (!mayWrite.getAsBoolean() || !keepGoing.getAsBoolean()) {
          // Leadership lost: the new leader reconciles.
          return;
        }
        // A repository deleted since the listing is the deletion's event's to forget.
        if (storage.repositories().find(repo.id()).isPresent()) {
          write(c -> indexRepository(c, repo));
        }
      }
    }
    synchronized (this) {
      if (!mayWrite.getAsBoolean() || !keepGoing.getAsBoolean()) {
        return;
      }
      write(
          c -> {
            List<String> missing =
                IndexTables.repositoryKeys(c).stream().filter(k -> !present.contains(k)).toList();
            if (!missing.isEmpty()) {
              // Repositories created while the pass ran are indexed and kept.
              Set<String> now = new HashSet<>();
              storage.repositories().list().forEach(r -> now.add(RefIndexer.key(r)));
              for (String key : missing) {
                if (!now.contains(key)) {
                  IndexTables.deleteRepository(c, key);
                }
              }
            }
            return null;
          });
    }
    reconciled = true;
    changed.run();
    announce();
  }

  /**
   * {@link #reconcile} for the one repository {@code id}: indexes what differs from its refs, or
   * forgets it when it is gone. What follows an append that failed after its ref moved. Does
   * nothing unless this process may write; returns whether it ran.
   */
  public synchronized boolean reconcile(RepoId id) {
    if (!mayWrite.getAsBoolean()) {
      return false;
    }
    Optional<RepoInfo> repo = storage.repositories().find(id);
    try {
      write(
          c -> {
            if (repo.isPresent()) {
              indexRepository(c, repo.get());
            } else {
              IndexTables.deleteRepository(c, key(id));
            }
            return null;
          });
    } catch (FencedException e) {
      LOG.warn("reconcile of {} not done: {}", id, e.getMessage());
      return false;
    }
    changed.run();
    announce();
    return true;
  }

  /**
   * Whether a {@link #reconcile} has ended since this ingestion was made: until then the index may
   * miss an event lost before the start (what readiness reports as catching up).
   */
  public boolean reconciled() {
    return reconciled;
  }

  /**
   * Drops everything and reads every repository again: {@link #REBUILD_WORKERS} threads (at most
   * one per core) take batches of {@link #REPOSITORIES_PER_TRANSACTION} repositories in list order,
   * each batch read and written on the thread's own connection in one transaction; the results
   * table's secondary indexes are dropped for the rebuild and built again at its end. Every row
   * depends on its own repository only, so the order in which batches finish changes nothing. A
   * failing repository is recorded (as by {@link #indexRepository}) and never stops the rebuild; a
   * failure of the database itself stops every worker and is thrown. {@code progress} is called
   * from the workers, one call at a time, with a count that only grows.
   */
  public synchronized ReindexSummary reindex(ReindexProgress progress) {
    if (!mayWrite.getAsBoolean()) {
      throw new IndexException(
          "this instance does not lead ingestion: the leader writes the index (reindex from the"
              + " command line with the instances stopped, or into a new database or schema)",
          null);
    }
    long started = System.nanoTime();
    long last = pool.read(IndexTables::lastSequence);
    List<RefEvent> newer = storage.events().readAfter(last);
    long upTo = newer.isEmpty() ? last : newer.get(newer.size() - 1).sequence();
    List<RepoInfo> repos = storage.repositories().list();
    write(
        c -> {
          // A rebuild killed or failed half way must not pass for a clean stop's index: marked
          // before the tables empty (H2's TRUNCATE commits), cleared with the final position.
          IndexTables.takeCleanStop(c);
          IndexTables.startRebuild(c);
          IndexTables.clearAll(c);
          return null;
        });
    boolean dropIndexes = !Boolean.getBoolean("evalhub.reindex.keepIndexes");
    // Held from the drop to the end of the build, so that an instance opening meanwhile does not
    // build them under this rebuild (RebuildIndexes.createMissing).
    RebuildIndexes.Rebuilding held = RebuildIndexes.rebuilding(pool);
    try {
      if (dropIndexes) {
        RebuildIndexes.drop(pool);
      }
      try {
        rebuildAll(repos, progress);
      } finally {
        RebuildIndexes.create(pool);
      }
    } finally {
      held.close();
    }
    write(
        c -> {
          IndexTables.rebuilt(c, upTo);
          return null;
        });
    changed.run();
    announce();
    progress.update(repos.size(), repos.size());
    return pool.read(
        c ->
            new ReindexSummary(
                repos.size(),
                (int) count(c, "benchmarks"),
                count(c, "results"),
                count(c, "invalid_files"),
                Duration.ofNanos(System.nanoTime() - started)));
  }

  /** The rebuild's worker threads: one per core, at most 4 (the pool has 8 connections). */
  static final int REBUILD_WORKERS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private void rebuildAll(List<RepoInfo> repos, ReindexProgress progress) {
    // Whether each namespace is an organisation, read once per rebuild (the accounts do not change
    // under it any more than the repositories do).
    Map<String, Boolean> organisations = new ConcurrentHashMap<>();
    boolean postgres = pool.url().startsWith("jdbc:postgresql:");
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int workers = REBUILD_WORKERS;
    // Batches of 50, smaller on a small hub so that every worker gets some.
    int batchSize =
        Math.max(1, Math.min(REPOSITORIES_PER_TRANSACTION, (repos.size() + workers - 1) / workers));
    ExecutorService threads =
        Executors.newFixedThreadPool(
            workers,
            task -> {
              Thread thread = new Thread(task, "evalhub-reindex");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(
            threads.submit(
                () -> {
                  ParsedResults parsed =
                      new ParsedResults(
                          indexer.formats(),
                          ParsedResults.DEFAULT_MAX_BYTES,
                          ParsedResults.DEFAULT_MAX_FILES);
                  for (int from = next.getAndAdd(batchSize);
                      from < repos.size() && !Thread.currentThread().isInterrupted();
                      from = next.getAndAdd(batchSize)) {
                    List<RepoInfo> batch =
                        repos.subList(from, Math.min(repos.size(), from + batchSize));
                    write(
                        c -> {
                          if (postgres) {
                            asynchronousCommit(c);
                          }
                          for (RepoInfo repo : batch) {
                            rebuildRepository(c, repo, organisations, parsed);
                          }
                          return null;
                        });
                    synchronized (progress) {
                      progress.update(done.addAndGet(batch.size()), repos.size());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : running) {
        await(worker);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Lets PostgreSQL acknowledge this transaction's commit before its WAL reaches the disk (no wait
   * for a flush per batch). A database crash may then lose the last batches committed, never half
   * of one; the final transaction (the sequence) commits synchronously, which flushes the WAL of
   * every batch before it. Until it did, the rebuild had not ended, as after a killed process: the
   * next start's reconcile indexes every repository whose refs the index lacks, or a new reindex
   * runs.
   */
  private static void asynchronousCommit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL synchronous_commit TO OFF");
    }
  }

  private static void await(Future<?> worker) {
    try {
      worker.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexException("the reindex was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IndexException("the reindex failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void apply(RefEvent event) {
    boolean applied =
        write(
            c -> {
              // Locks the position: a second writer (a former leader that has not yet noticed)
              // waits
              // here and then skips what was applied.
              if (IndexTables.lastSequenceForUpdate(c) >= event.sequence()) {
                return false;
              }
              applyLocked(c, event);
              if (notifies) {
                // Delivered at commit, with the change.
                ClusterNotifications.send(c, ClusterNotifications.INDEX, event.sequence(), origin);
              }
              return true;
            });
    if (applied) {
      changed.run();
    }
  }

  private void applyLocked(Connection c, RefEvent event) throws SQLException {
    // The last resort: whatever escapes the guards of one ref is recorded for the whole
    // repository, and the event counts as applied, so that one repository never stops the log.
    Optional<Exception> failure = FailureGuard.attempt(c, () -> applyToIndex(c, event));
    if (failure.isPresent()) {
      failures.repository(c, event.repo(), failure.get());
    }
    IndexTables.setLastSequence(c, event.sequence());
  }

  private void applyToIndex(Connection c, RefEvent event) throws SQLException {
    String ref = event.ref().name();
    boolean isRecord = RefNames.pullRequestRecordNumber(ref).isPresent();
    if (RefIndexer.isIndexed(ref) || isRecord) {
      Optional<RepoInfo> repo = storage.repositories().find(event.repo());
      if (repo.isEmpty()) {
        IndexTables.deleteRepository(c, key(event.repo()));
      } else if (isRecord) {
        upsertRepository(c, repo.get());
        indexPullRequestStatuses(c, repo.get());
      } else {
        upsertRepository(c, repo.get());
        indexRef(c, repo.get(), ref);
      }
    }
  }

  /**
   * Indexes {@code repo} into emptied tables: first whole, under a single savepoint and without the
   * failure table (a rebuild starts with none), which is what almost every repository needs; only
   * when that throws are its writes rolled back and the repository indexed again unit by unit
   * ({@link #indexRepository}), recording what fails. Both ways give the same rows, since indexing
   * is a function of the repository.
   */
  private void rebuildRepository(
      Connection c, RepoInfo repo, Map<String, Boolean> organisations, ParsedResults parsed)
      throws SQLException {
    Optional<Exception> failure =
        FailureGuard.attempt(
            c,
            () -> {
              upsertRepository(
                  c,
                  repo,
                  organisations.computeIfAbsent(
                      repo.id().namespace(), storage.accounts()::isOrganisation));
              setPullRequestStatuses(c, repo);
              try (RepoReader reader = storage.reader(repo.id())) {
                Set<String> refs = new TreeSet<>(reader.pullRequestHeads());
                refs.add(RefNames.MAIN);
                for (String ref : refs) {
                  if (RefIndexer.isIndexed(ref)) {
                    indexer.indexFresh(c, repo, reader, ref, reader.head(ref), parsed);
                  }
                }
              }
            });
    if (failure.isPresent()) {
      indexRepository(c, repo);
    }
    storage.repositories().release(repo.id());
  }

  /**
   * Indexes every ref of {@code repo}; a failure outside one ref's guard is recorded for the
   * repository.
   */
  private Void indexRepository(Connection c, RepoInfo repo) throws SQLException {
    Optional<Exception> failure = FailureGuard.attempt(c, () -> indexRefs(c, repo));
    if (failure.isPresent()) {
      failures.repository(c, repo.id(), failure.get());
    } else {
      IndexTables.clearFailure(c, RefIndexer.key(repo), RefFailures.REPOSITORY);
    }
    return null;
  }

  private void indexRefs(Connection c, RepoInfo repo) throws SQLException, IOException {
    upsertRepository(c, repo);
    indexPullRequestStatuses(c, repo);
    for (String ref : refsOf(repo, IndexTables.indexedRefs(c, RefIndexer.key(repo)))) {
      if (RefIndexer.isIndexed(ref)) {
        indexRef(c, repo, ref);
      }
    }
  }

  /**
   * Records the status of every pull request of {@code repo} (plain discussions are not refs to
   * index).
   */
  private void setPullRequestStatuses(Connection c, RepoInfo repo) throws SQLException {
    String repoKey = RefIndexer.key(repo);
    List<PullRequest> records = storage.pullRequests().list(repo.id());
    for (PullRequest pr : records) {
      if (pr.isPullRequest()) {
        IndexTables.setPullRequestStatus(c, repoKey, pr.number().value(), pr.status().id());
      }
    }
    FlagTables.replace(c, repoKey, records);
  }

  /**
   * {@code indexed} (the refs the index holds), main and every pull request head of {@code repo},
   * sorted.
   */
  private Set<String> refsOf(RepoInfo repo, Collection<String> indexed) throws IOException {
    Set<String> refs = new TreeSet<>(indexed);
    refs.add(RefNames.MAIN);
    try (RepoReader reader = storage.reader(repo.id())) {
      refs.addAll(reader.pullRequestHeads());
    }
    return refs;
  }

  /**
   * The status of every pull request of {@code repo}, from its records: which PR refs are
   * candidates. Records that cannot be read leave the repository with no statuses (its pull
   * requests count as not open) and a failure.
   */
  private void indexPullRequestStatuses(Connection c, RepoInfo repo) throws SQLException {
    String repoKey = RefIndexer.key(repo);
    Optional<Exception> failure = FailureGuard.attempt(c, () -> setPullRequestStatuses(c, repo));
    if (failure.isPresent()) {
      IndexTables.deletePullRequestStatuses(c, repoKey);
      FlagTables.delete(c, repoKey);
      failures.record(c, repo, RefNames.PULL_REQUEST_RECORDS, failure.get());
    } else {
      IndexTables.clearFailure(c, repoKey, RefNames.PULL_REQUEST_RECORDS);
    }
  }

  /**
   * Indexes one ref; when that fails, the ref is forgotten and read whole, as a rebuild reads it (a
   * failure met from where the index stood may differ from a rebuild's), and a second failure is
   * recorded for the ref.
   */
  private void indexRef(Connection c, RepoInfo repo, String ref) throws SQLException {
    if (FailureGuard.attempt(c, () -> indexRefOnce(c, repo, ref)).isEmpty()) {
      IndexTables.clearFailure(c, RefIndexer.key(repo), ref);
      return;
    }
    failures.forgetRef(c, repo, ref);
    Optional<Exception> failure = FailureGuard.attempt(c, () -> indexRefOnce(c, repo, ref));
    if (failure.isPresent()) {
      failures.record(c, repo, ref, failure.get());
    }
  }

  private void indexRefOnce(Connection c, RepoInfo repo, String ref)
      throws SQLException, IOException {
    try (RepoReader reader = storage.reader(repo.id())) {
      indexer.index(c, repo, reader, ref, reader.head(ref));
    }
  }

  private void upsertRepository(Connection c, RepoInfo repo) throws SQLException {
    upsertRepository(c, repo, storage.accounts().isOrganisation(repo.id().namespace()));
  }

  private static void upsertRepository(Connection c, RepoInfo repo, boolean isOrganisation)
      throws SQLException {
    IndexTables.upsertRepository(
        c,
        new IndexTables.RepoRow(
            RefIndexer.key(repo),
            repo.id().type().id(),
            repo.id().fullName(),
            repo.id().namespace(),
            isOrganisation,
            repo.isPrivate(),
            repo.mirrorOf().orElse(null)));
  }

  private static String key(RepoId id) {
    return IndexKey.of(id).value();
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
