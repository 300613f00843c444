package dev.evalhub.service;

import dev.evalhub.domain.HubException;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.index.Cluster;
import dev.evalhub.index.HubKeys;
import dev.evalhub.index.Index;
import dev.evalhub.index.SqlEventStore;
import dev.evalhub.service.internal.ChangeWatcher;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's services over one opened data folder and its index: the one object the front ends (HTTP
 * API, git, pages, command line) hold. Each getter returns one area's use cases; every method of
 * those checks the caller's permissions through {@link Permissions}.
 *
 * <p>Three ways to get one:
 *
 * <ul>
 *   <li>{@link #open}: what a server runs on. Opens the storage with the configured limits, records
 *       an older key file, loads the hub's keys, opens the index, and takes the index's clean-stop
 *       record ({@link Index#takeCleanStop}). Unless that record is there and every writer of the
 *       data folder since ended cleanly ({@link dev.evalhub.storage.Writers#uncleanEnds}), it
 *       prepares the data folder before serving (removes stale ref locks, completes merges a crash
 *       interrupted) and reconciles the index with every repository; after a clean stop it skips
 *       those walks and reconciles in the background (10 s after the start), for changes made
 *       behind the hub's back. Either way it applies every ref event to the index as it is appended
 *       (in the appending thread), catches up with the event log, and watches what other processes
 *       change (the command line appending events or changing the keys) so that it applies within
 *       200 ms, verifying stored results again when the keys change. Its {@link #close} records a
 *       clean stop when it knows of nothing to repair.
 *   <li>{@link #openAdministration}: what the command line runs on, next to a server that may be
 *       running. Opens the storage only and runs none of the start sequence (it never removes locks
 *       or repairs: that is the server's, at its start, when it is the only writer). The index is
 *       opened on first use (reindex, doctor), without catching up; the hub's keys are read from
 *       {@code admin.git} on each use.
 *   <li>{@link #EvalHub(Storage, Index)}: services over a storage and an index opened by someone
 *       else (tests, benchmarks, the interim wiring); {@link #close} leaves them open.
 * </ul>
 *
 * Thread-safe; {@link #close} stops the watching, then closes the index and the storage it opened.
 */
public final class EvalHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EvalHub.class);

  /** How often a server's hub looks for changes made by other processes (the command line). */
  private static final Duration WATCH_PERIOD = Duration.ofMillis(200);

  /** How long a follower's push or commit waits for the leader to apply its event. */
  static final Duration FOLLOWER_WAIT = Duration.ofSeconds(5);

  /**
   * The age beyond which a ref lock or a half-done merge is stale when several instances share the
   * data folder: JGit holds a ref lock for milliseconds and {@code RefWriter} gives up after 2 s.
   */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /**
   * How often the leader of several instances reconciles the whole index with the repositories: a
   * ref moved without its event (an instance killed between the two, an append that failed) is
   * indexed within this period. Changed by the tests only.
   */
  static volatile Duration reconcilePeriod = Duration.ofMinutes(1);

  /**
   * How long after a start that trusted a clean stop the background reconcile begins: after the
   * server's own start, whose CPU it would otherwise share. Changed by the tests only.
   */
  static volatile Duration backgroundReconcileDelay = Duration.ofSeconds(10);

  /** Repositories whose append failed after their ref moved, to reconcile when this may write. */
  private final java.util.Set<dev.evalhub.domain.RepoId> toReconcile =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Storage storage;
  private final Permissions permissions;
  private final RepositoryService repositories;
  private final ContentService contents;
  private final CommitService commits;
  private final Map<String, Path> externalIssuers;
  private final String database;
  private final boolean owned;
  private final KeyService keys;
  private final AccountService accounts;
  private final OperationsService operations;
  private final GitAccessService git;

  /**
   * The index; opened on first use by an administration hub. Guarded by {@code this} while null.
   */
  private volatile Index index;

  private volatile ChangeWatcher watcher;

  /** Whether {@link #close} records a clean stop in the index: a hub {@link #open}ed on H2. */
  private volatile boolean recordsCleanStop;

  /** The reconcile a start after a clean stop runs while serving; null otherwise. */
  private volatile Thread backgroundReconcile;

  private volatile boolean backgroundReconcileFailed;
  private volatile boolean closing;

  /** Counted down when the hub closes: ends the background reconcile's delay. */
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  /** This instance's part in a hub of several instances; null for one process (H2). */
  private volatile Cluster cluster;

  /** The event log's table when the index is PostgreSQL; null for {@code events.log}. */
  private volatile SqlEventStore sqlEvents;

  private final PullRequestService pullRequests;
  private final FlagService flags;
  private final HistoryService history;
  private final LeaderboardService leaderboards;
  private final LineageService lineage;
  private final ExportService exports;
  private final ImportService imports;
  private final JobService jobs;
  private final WebhookService webhooks;
  private final MirrorService mirrors;
  private final FeedService feeds;

  /**
   * Services over {@code storage} and {@code index}, which the caller opened and closes: {@link
   * #close} leaves them open. The hub's keys are loaded from {@code storage} on first use, trusting
   * no external issuer.
   */
  public EvalHub(Storage storage, Index index) {
    this(storage, index, Map.of(), "", false);
  }

  private EvalHub(
      Storage storage,
      Index index,
      Map<String, Path> externalIssuers,
      String database,
      boolean owned) {
    this.storage = storage;
    this.index = index;
    this.externalIssuers = externalIssuers;
    this.database = database;
    this.owned = owned;
    this.permissions = new Permissions(storage.accounts(), storage.repositories());
    this.keys = new KeyService(this);
    this.accounts = new AccountService(this);
    this.operations = new OperationsService(this);
    this.git = new GitAccessService(this);
    this.repositories = new RepositoryService(storage, permissions);
    this.contents = new ContentService(storage.contents(), permissions);
    this.commits = new CommitService(storage, permissions);
    this.pullRequests = new PullRequestService(permissions, storage.pullRequests());
    this.flags = new FlagService(permissions, storage);
    this.history = new HistoryService(permissions, storage.repositories(), storage.resultHistory());
    this.leaderboards = new LeaderboardService(permissions, storage.repositories(), this::index);
    this.lineage = new LineageService(permissions, storage.repositories(), this::index);
    this.exports =
        new ExportService(
            permissions,
            storage.repositories(),
            storage.contents(),
            storage.resultHistory(),
            storage.options().formats(),
            this::index,
            java.time.Clock.systemUTC());
    this.imports =
        new ImportService(storage, permissions, commits, this::index, LogImporter.standard());
    this.jobs = new JobService(storage, permissions, imports, keys, java.time.Clock.systemUTC());
    this.webhooks = new WebhookService(storage, permissions, java.time.Clock.systemUTC());
    this.feeds = new FeedService(storage, permissions);
    this.mirrors = new MirrorService(storage, permissions, java.time.Clock.systemUTC());
  }

  /**
   * Opens the hub a server runs on (see the class comment for the start sequence). Throws {@link
   * IllegalStateException} when the index cannot be opened (nothing is left open then).
   */
  public static EvalHub open(HubOptions options) {
    if (SqlEventStore.supports(options.database())) {
      return openShared(options);
    }
    refuseSplitLog(options);
    StartTimer timer = new StartTimer();
    if (options.database().isEmpty()) {
      // Made here, before the two threads below would both make the data folder (H2 fails when
      // the folder appears between its check and its own mkdir).
      try {
        Files.createDirectories(options.dataDir().resolve("index"));
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot create the index folder in " + options.dataDir() + ": " + e.getMessage(), e);
      }
    }
    // The index's database connects (and loads its classes) on a second core while the storage
    // opens.
    java.util.concurrent.CompletableFuture<Index.Prepared> preparing =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> Index.prepare(databaseUrl(options.database(), options.dataDir())),
            task -> {
              Thread thread = new Thread(task, "evalhub-index-open");
              thread.setDaemon(true);
              thread.start();
            });
    Storage storage;
    try {
      storage = Storage.open(options.dataDir(), storageOptions(options));
    } catch (RuntimeException e) {
      preparing.thenAccept(Index.Prepared::close);
      throw e;
    }
    timer.step("storage opened");
    // Read before the keys and the log are: a change made by another process while the hub opens is
    // applied.
    Object eventsSeen = storage.events().stamp();
    KeysAtOpen keysAtOpen;
    Index index;
    List<Path> uncleanEnds;
    boolean clean;
    try {
      uncleanEnds = storage.writers().uncleanEnds();
      keysAtOpen = KeysAtOpen.read(storage, options);
      timer.step("keys loaded");
      index = Index.open(prepared(preparing), storage, keysAtOpen.loaded().trusted());
      timer.step("index opened (migrated, keys' verification checked)");
    } catch (IOException | RuntimeException e) {
      preparing.thenAccept(Index.Prepared::close);
      storage.close();
      throw new IllegalStateException("cannot open the index: " + e.getMessage(), e);
    }
    try {
      // Taken whatever follows: from here on a crash is not a clean stop.
      boolean cleanStop = index.takeCleanStop();
      clean = cleanStop && uncleanEnds.isEmpty();
      if (!clean) {
        LOG.info(
            "repairing and reconciling every repository before serving: {}",
            !cleanStop
                ? "the last server did not record a clean stop"
                : uncleanEnds.size() + " writer(s) of the data folder did not end cleanly");
        repairBeforeServing(storage, timer);
      }
      storage.events().addListener(EvalHub::logEvent);
    } catch (RuntimeException e) {
      index.close();
      storage.close();
      throw e;
    }
    EvalHub hub = new EvalHub(storage, index, keysAtOpen.issuers(), options.database(), true);
    hub.keys.loaded(keysAtOpen.loaded());
    try {
      // Indexing runs in the appending (pushing) thread, after the ref moved: a push's answer comes
      // once it is visible.
      storage.events().addListener(index.ingestion()::onEvent);
      int caughtUp = index.ingestion().catchUp();
      timer.step("caught up with " + caughtUp + " events");
      if (clean) {
        // Every writer since the last clean stop ended cleanly: the index holds every ref. The
        // pass runs anyway, while serving, for what changed behind the hub's back.
        hub.reconcileInBackground();
        timer.step("clean stop: reconciling in the background");
      } else {
        index.ingestion().reconcile();
        timer.step("reconciled with the repositories");
        storage.writers().forget(uncleanEnds);
      }
      hub.watchOtherProcesses(eventsSeen, keysAtOpen.version());
      LOG.info("hub opened in {}", timer);
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
    // Only a hub that opened whole records a clean stop: a failed start repairs again.
    hub.recordsCleanStop = true;
    return hub;
  }

  /**
   * The start repairs of one process, run before the index listens (their events are applied by the
   * catch-up): locks a killed process left would refuse every write of their refs, and a merge it
   * interrupted is completed here, never inside a read or ingestion (which must not write).
   */
  private static void repairBeforeServing(Storage storage, StartTimer timer) {
    storage
        .removeStaleLocks()
        .forEach(lock -> LOG.warn("removed the stale lock {} left by a previous process", lock));
    timer.step("stale locks removed");
    storage.pullRequests().repairInterruptedMerges().forEach(line -> LOG.warn("{}", line));
    timer.step("interrupted merges repaired");
  }

  /**
   * After a start that trusted a clean stop: the reconcile on a daemon thread, stopped by {@link
   * #close}. Its changes, if any, are applied as any event's are; readiness does not wait for it.
   */
  private void reconcileInBackground() {
    Thread thread =
        new Thread(
            () -> {
              try {
                // Not while the server starts: the start would wait for the CPU it takes.
                if (closed.await(
                    backgroundReconcileDelay.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                  return;
                }
                index.ingestion().reconcile(() -> !closing);
                if (!closing) {
                  LOG.info("reconciled the index with the repositories in the background");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                if (!closing) {
                  LOG.error("the background reconcile failed", e);
                  backgroundReconcileFailed = true;
                }
              }
            },
            "evalhub-reconcile");
    thread.setDaemon(true);
    backgroundReconcile = thread;
    thread.start();
  }

  /**
   * The hub's keys as a server opens: an older key file recorded first, the version of the keys'
   * branch read before the keys (so that a change made meanwhile is loaded again by the watcher),
   * the external issuers and the loaded keys.
   */
  private record KeysAtOpen(Object version, Map<String, Path> issuers, HubKeys loaded) {
    static KeysAtOpen read(Storage storage, HubOptions options) throws IOException {
      HubKeys.recordOlderKeyFile(storage);
      Object version = storage.hubKeys().version();
      Map<String, Path> issuers = HubKeys.parseIssuers(options.trustedIssuers());
      return new KeysAtOpen(version, issuers, HubKeys.load(storage, issuers));
    }
  }

  private static void logEvent(dev.evalhub.domain.RefEvent e) {
    LOG.info(
        "#{} {} {} {}..{} by {}",
        e.sequence(),
        e.repo(),
        e.ref(),
        e.oldId().abbreviate(8),
        e.newId().abbreviate(8),
        e.actor());
  }

  /**
   * {@link #open} for a hub whose index is PostgreSQL, one of several instances on one data folder
   * (see ARCHITECTURE "Several instances"): the event log is the database's, this instance joins
   * the {@link Cluster}, and only the leader runs the start repairs (age-bound), catches up,
   * reconciles, applies events and delivers webhooks; a follower's append waits until the leader
   * has applied it.
   */
  private static EvalHub openShared(HubOptions options) {
    Storage storage = Storage.open(options.dataDir(), storageOptions(options));
    SqlEventStore events;
    List<Path> uncleanEnds;
    try {
      uncleanEnds = storage.writers().uncleanEnds();
      events = useSqlEvents(storage, options.database());
      storage.events().addListener(EvalHub::logEvent);
    } catch (RuntimeException e) {
      storage.close();
      throw new IllegalStateException("cannot open the event log: " + e.getMessage(), e);
    }
    Object eventsSeen = storage.events().stamp();
    KeysAtOpen keysAtOpen;
    Index index;
    try {
      keysAtOpen = KeysAtOpen.read(storage, options);
      // Writes nothing before it leads: the stored results' verification is the leader's.
      index = Index.openFollowing(options.database(), storage, keysAtOpen.loaded().trusted());
    } catch (IOException | RuntimeException e) {
      events.close();
      storage.close();
      throw new IllegalStateException("cannot open the index: " + e.getMessage(), e);
    }
    EvalHub hub = new EvalHub(storage, index, keysAtOpen.issuers(), options.database(), true);
    hub.sqlEvents = events;
    hub.keys.loaded(keysAtOpen.loaded());
    try {
      Cluster cluster =
          Cluster.join(
              options.database(),
              index,
              events.origin(),
              new Cluster.Roles() {
                @Override
                public void lead() {
                  hub.lead();
                }

                @Override
                public void follow() {
                  hub.webhooks.deliverWhileLeading(false);
                }

                @Override
                public void othersAppended() {
                  index.ingestion().catchUp();
                }
              });
      hub.cluster = cluster;
      hub.webhooks.deliverOnlyWhile(cluster::leading);
      // One refreshing process per data folder: the leader's.
      hub.mirrors.refreshOnlyWhile(cluster::leading);
      if (cluster.leading()) {
        index.takeOver(keysAtOpen.loaded().trusted());
        hub.repairAsLeader(true);
      }
      storage
          .events()
          .addListener(
              e -> {
                if (cluster.leading()) {
                  index.ingestion().onEvent(e);
                } else if (!cluster.awaitIndexed(e.sequence(), FOLLOWER_WAIT)) {
                  LOG.warn(
                      "event #{} is not applied by the leader after {} s; answering anyway (it is"
                          + " durable)",
                      e.sequence(),
                      FOLLOWER_WAIT.toSeconds());
                }
              });
      if (cluster.leading()) {
        index.ingestion().catchUp();
        index.ingestion().reconcile();
        // Their refs are reconciled; a lock they left is removed once it is old enough. The files
        // only matter to an embedded start (which never trusts a PostgreSQL index's record).
        storage.writers().forget(uncleanEnds);
      }
      hub.watchOtherProcesses(eventsSeen, keysAtOpen.version());
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
    return hub;
  }

  /**
   * What a new leader does: delivering webhooks (first, so that a failing step cannot keep it from
   * delivering), the repairs, catching up and reconciling, each step on its own (a failure is
   * logged and the next step runs).
   */
  private void lead() {
    step("starting webhook delivery", () -> webhooks.deliverWhileLeading(true));
    step(
        "verifying the stored results with the hub's keys",
        () -> {
          HubKeys loaded = keys.load();
          index.takeOver(loaded.trusted());
          keys.loaded(loaded);
        });
    step("repairing stale locks and interrupted merges", () -> repairAsLeader(false));
    step("catching up with the event log", () -> index.ingestion().catchUp());
    step("reconciling the index with the repositories", () -> index.ingestion().reconcile());
  }

  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.error("the new leader failed {}", what, e);
    }
  }

  /**
   * The start repairs that assume one writer, bounded by age: a lock or a half-done merge younger
   * than {@link #STALE_AFTER} may be a live instance's — unless {@code atStart} (this instance
   * serves nothing yet) and no other instance is alive ({@link Cluster#alone}), when everything
   * present is a stopped process's: a restart after a crash repairs at once, as one process does.
   */
  private void repairAsLeader(boolean atStart) {
    boolean alone = atStart && cluster != null && cluster.alone();
    java.time.Instant before =
        alone ? java.time.Instant.now().plusSeconds(1) : java.time.Instant.now().minus(STALE_AFTER);
    storage
        .removeStaleLocks(before)
        .forEach(lock -> LOG.warn("removed the stale lock {} left by a stopped instance", lock));
    storage.pullRequests().repairInterruptedMerges(before).forEach(line -> LOG.warn("{}", line));
  }

  /**
   * Refuses to open a data folder whose event log moved to PostgreSQL ({@code
   * events.log.migrated-to-postgresql} exists) with another index database: its events would go to
   * a new {@code events.log} that no instance reads, and the log would be split in two. Throws
   * {@link IllegalStateException} naming the ways to give the database.
   */
  private static void refuseSplitLog(HubOptions options) {
    Path marker = options.dataDir().resolve("events.log" + SqlEventStore.MIGRATED_SUFFIX);
    if (Files.exists(marker)) {
      throw new IllegalStateException(
          "the event log of "
              + options.dataDir()
              + " is in PostgreSQL ("
              + marker.getFileName()
              + " exists): give its database with --db, EVALHUB_DB or db= in "
              + options.dataDir().resolve("evalhub.properties")
              + ", not "
              + (options.database().isEmpty() ? "the embedded H2 index" : "another database"));
    }
  }

  /**
   * Keeps the events of {@code storage} in the events table of the PostgreSQL database {@code url}
   * (copying an existing {@code events.log} into it once); returns the store, which the hub closes.
   */
  private static SqlEventStore useSqlEvents(Storage storage, String url) {
    SqlEventStore events =
        SqlEventStore.open(
            url, java.util.UUID.randomUUID().toString(), storage.dataDir().resolve("events.log"));
    storage.events().use(events);
    return events;
  }

  /**
   * Opens the hub the command line runs on: the storage of {@code options.dataDir()} with its
   * limits, and nothing of the start sequence; the index ({@code options.database()}) opens when a
   * service first needs it. Safe to use while a server runs on the same data folder.
   */
  public static EvalHub openAdministration(HubOptions options) {
    if (!SqlEventStore.supports(options.database())) {
      refuseSplitLog(options);
    }
    Storage storage = Storage.open(options.dataDir(), storageOptions(options));
    SqlEventStore events = null;
    try {
      if (SqlEventStore.supports(options.database())) {
        // The instances of a hub on PostgreSQL keep the event log there: the command line appends
        // to the same log.
        events = useSqlEvents(storage, options.database());
      }
      EvalHub hub =
          new EvalHub(
              storage,
              null,
              HubKeys.parseIssuers(options.trustedIssuers()),
              options.database(),
              true);
      hub.sqlEvents = events;
      return hub;
    } catch (RuntimeException e) {
      Optional.ofNullable(events).ifPresent(SqlEventStore::close);
      storage.close();
      throw e;
    }
  }

  /**
   * {@link #openAdministration(HubOptions)} with the default limits, the embedded index and no
   * external issuer.
   */
  public static EvalHub openAdministration(Path dataDir) {
    return openAdministration(HubOptions.of(dataDir));
  }

  private static StorageOptions storageOptions(HubOptions options) {
    return StorageOptions.DEFAULT
        .withLimits(options.maxPackBytes(), options.maxObjectBytes())
        .withMaxRepoBytes(options.maxRepoBytes());
  }

  private static String databaseUrl(String database, Storage storage) {
    return databaseUrl(database, storage.dataDir());
  }

  private static String databaseUrl(String database, Path dataDir) {
    // As the storage spells its folder.
    return database.isEmpty() ? Index.defaultUrl(dataDir.toAbsolutePath().normalize()) : database;
  }

  /** The prepared index database, its failure thrown as itself. */
  private static Index.Prepared prepared(
      java.util.concurrent.CompletableFuture<Index.Prepared> preparing) {
    try {
      return preparing.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * What the command line changes while the server runs reaches it within {@link #WATCH_PERIOD}:
   * events appended by another process (a repository created, ...) are applied to the index, and a
   * change of the hub's keys is loaded, published and applied to the stored verification of the
   * results it concerns.
   */
  private void watchOtherProcesses(Object eventsSeen, Object keysSeen) {
    ChangeWatcher changes = new ChangeWatcher(WATCH_PERIOD);
    // Ingestion writes only while this instance leads (always, for one process); a follower's
    // catchUp does nothing.
    changes.watch("the event log", storage.events()::stamp, index.ingestion()::catchUp, eventsSeen);
    changes.watch("the hub's keys", storage.hubKeys()::version, keys::reload, keysSeen);
    storage.events().addFailureListener(pending -> pending.forEach(p -> toReconcile.add(p.repo())));
    // A ref moved by an append that failed: indexed here once this process may write (a
    // follower's are found by the leader's periodic reconcile).
    changes.watch(
        "repositories whose append failed",
        () -> toReconcile.isEmpty() ? 0 : System.nanoTime(),
        this::reconcileFailedAppends);
    if (cluster != null) {
      changes.watch(
          "the periodic reconcile",
          () -> System.currentTimeMillis() / Math.max(1, reconcilePeriod.toMillis()),
          () -> {
            if (cluster.leading()) {
              index.ingestion().reconcile();
            }
          });
      // Locks left by a stopped instance are removed by the leader once they are old enough.
      changes.watch(
          "stale ref locks",
          () -> System.currentTimeMillis() / STALE_AFTER.toMillis(),
          () -> {
            if (cluster.leading()) {
              repairAsLeader(false);
            }
          });
    }
    this.watcher = changes;
  }

  /** Creating, importing, deleting, finding and listing repositories. */
  public RepositoryService repositories() {
    return repositories;
  }

  private void reconcileFailedAppends() {
    for (dev.evalhub.domain.RepoId repo : java.util.List.copyOf(toReconcile)) {
      if (!index.ingestion().reconcile(repo)) {
        if (cluster != null) {
          // A follower: the leader's periodic reconcile indexes it.
          toReconcile.remove(repo);
        }
        return;
      }
      toReconcile.remove(repo);
      LOG.warn("reconciled {} after an append that failed", repo);
    }
  }

  /** Reading a repository at a revision: files, folders, paths, upload checks. */
  public ContentService contents() {
    return contents;
  }

  /** The commit API: commits to a branch and to pull requests. */
  public CommitService commits() {
    return commits;
  }

  /** Discussions and pull requests. */
  public PullRequestService pullRequests() {
    return pullRequests;
  }

  /** Flags and disputes on models' results (issue 14). */
  public FlagService flags() {
    return flags;
  }

  /** The result history of repositories. */
  public HistoryService history() {
    return history;
  }

  /** Leaderboards, benchmarks and results. */
  public ImportService imports() {
    return imports;
  }

  /** Evaluation jobs of the hub's runner: requests, their records, the runner's side. */
  public JobService jobs() {
    return jobs;
  }

  /** Mirrors of other hubs: the operator's settings, their refreshes and the refreshing worker. */
  public MirrorService mirrors() {
    return mirrors;
  }

  /** Webhooks: the caller's settings and the delivery worker a server runs. */
  public WebhookService webhooks() {
    return webhooks;
  }

  /** The Atom change feeds of the hub, benchmarks and models. */
  public FeedService feeds() {
    return feeds;
  }

  public LeaderboardService leaderboards() {
    return leaderboards;
  }

  /** Models' base_model lineage, and leaderboards folded by it. */
  public LineageService lineage() {
    return lineage;
  }

  /** A model's results in other formats (Every Eval Ever records). */
  public ExportService exports() {
    return exports;
  }

  /**
   * Accounts and tokens: who the caller of a request is, and the command line's user, org and token
   * commands.
   */
  public AccountService accounts() {
    return accounts;
  }

  /** The hub's signing keys and trusted issuers: the JWKS document, signing, the keys commands. */
  public KeyService keys() {
    return keys;
  }

  /** Health, reindexing and the doctor's checks. */
  public OperationsService operations() {
    return operations;
  }

  /** Who may read and push over git, and the receiving side of a push. */
  public GitAccessService git() {
    return git;
  }

  /**
   * The evaluation formats this hub reads and validates files with (the limits and schemas of its
   * storage): what validating a file without committing it, and reading a README or an {@code
   * eval.yaml} the content service returned, use.
   */
  public EvalFormats formats() {
    return storage.options().formats();
  }

  /** Where the hub's data lives. */
  public Path dataDir() {
    return storage.dataDir();
  }

  /** The one permission boundary; front ends do not ask it themselves, services do. */
  Permissions permissions() {
    return permissions;
  }

  /**
   * The storage below the services. For the tests and the benchmarks only: front ends call services
   * (the architecture tests say so: no front-end class may name a storage type).
   */
  public Storage storage() {
    return storage;
  }

  /**
   * The index below the services, opened now if this administration hub has not opened it yet. For
   * the tests and the benchmarks only, like {@link #storage()}.
   */
  public Index index() {
    Index opened = index;
    if (opened != null) {
      return opened;
    }
    synchronized (this) {
      if (index == null) {
        // On PostgreSQL the command line writes the index only under the leadership lock
        // (writingIndexAlone): an instance may lead.
        index =
            SqlEventStore.supports(database)
                ? Index.openFollowing(database, storage, keys.load().trusted())
                : Index.open(databaseUrl(database, storage), storage, keys.load().trusted());
      }
      return index;
    }
  }

  /**
   * Runs {@code work}, which writes the index, as its one writer: on an administration hub of a
   * PostgreSQL index under the leadership lock ({@link Cluster#leadAlone}; a {@link HubException}
   * conflict while an instance leads); otherwise as is (a serving instance writes only while it
   * leads).
   */
  <T> T writingIndexAlone(java.util.function.Supplier<T> work) {
    if (cluster != null || !SqlEventStore.supports(database)) {
      return work.get();
    }
    Cluster.Lease lease;
    try {
      lease = Cluster.leadAlone(database, index());
    } catch (dev.evalhub.index.IndexException e) {
      throw HubException.conflict(e.getMessage());
    }
    try (lease) {
      index().takeOver(keys.load().trusted());
      return work.get();
    }
  }

  /** The external issuers ({@code ISSUER=JWKS_FILE}) this hub trusts besides its own keys. */
  Map<String, Path> externalIssuers() {
    return externalIssuers;
  }

  /** Stops watching, then closes the index and the storage if this hub opened them. */
  @Override
  public void close() {
    closing = true;
    closed.countDown();
    Optional.ofNullable(watcher).ifPresent(ChangeWatcher::close);
    awaitBackgroundReconcile();
    // Releases the leadership: another instance leads within a second.
    Optional.ofNullable(cluster).ifPresent(Cluster::close);
    webhooks.close();
    mirrors.close();
    if (!owned) {
      return;
    }
    try {
      if (recordsCleanStop) {
        recordCleanStop();
      }
      Optional.ofNullable(index).ifPresent(Index::close);
    } finally {
      Optional.ofNullable(sqlEvents).ifPresent(SqlEventStore::close);
      storage.close();
    }
  }

  private void awaitBackgroundReconcile() {
    Thread running = backgroundReconcile;
    if (running == null) {
      return;
    }
    // Never interrupted (an interrupt inside H2's file I/O closes the database): it stops before
    // its next repository.
    try {
      // It stops before its next repository.
      running.join(java.time.Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Records in the index that it holds every ref (see {@link Index#recordCleanStop}), when this
   * process knows of nothing the next start must repair: its reconcile with the repositories
   * completed (a close during the background reconcile's delay or walk leaves the next start to
   * reconcile before serving, for what changed behind the hub's back), no append failed (its
   * repositories are reconciled already, or the storage is marked unclean), no write is in
   * progress, every event of the log is applied and no rebuild of the index is half done. Whatever
   * the storage's close then finds in progress still marks it unclean, which the next start sees
   * first.
   */
  private void recordCleanStop() {
    try {
      if (!index.ingestion().reconciled()) {
        LOG.info(
            "not recording a clean stop: the reconcile with the repositories did not complete, the"
                + " next start reconciles before serving");
        return;
      }
      if (!toReconcile.isEmpty()
          || backgroundReconcileFailed
          || storage.writers().unclean().isPresent()
          || storage.writers().writesInProgress() > 0) {
        LOG.info("not recording a clean stop: the next start repairs and reconciles");
        return;
      }
      index.ingestion().catchUp();
      if (index.lastSequence() == storage.events().lastSequence() && !index.recordCleanStop()) {
        LOG.warn(
            "not recording a clean stop: a rebuild of the index did not complete (run evalhub"
                + " reindex); every start repairs and reconciles until one does");
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot record a clean stop: the next start repairs and reconciles", e);
    }
  }

  /** This instance's part in a cluster of instances; empty for one process (the H2 default). */
  Optional<Cluster> cluster() {
    return Optional.ofNullable(cluster);
  }
}
