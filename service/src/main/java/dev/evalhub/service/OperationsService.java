package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.CacheStats;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.index.InstanceStatus;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.index.Index;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeping a hub well: its health as a caller may see it, this instance's readiness and positions,
 * the counts the metrics report (leaderboard cache, jobs, webhook deliveries, public index
 * failures: counts only, never a repository), rebuilding the index, and the doctor's checks of the
 * data folder (the last two are the command line's, the administrator's). Thread-safe.
 */
public final class OperationsService {

  private static final String INSTANCE = ProcessHandle.current().pid() + "@" + hostName();
  private static final Instant STARTED = Instant.now();

  private final EvalHub hub;

  /**
   * Where the readiness probe asks the index, so that a caller waits at most its timeout: one
   * thread, started on demand and gone when idle.
   */
  private final ExecutorService probes =
      new ThreadPoolExecutor(
          0,
          1,
          10,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "evalhub-readiness");
            thread.setDaemon(true);
            return thread;
          });

  /** The probe under way or last done: a hung index holds one probe, never a pile of them. */
  private final AtomicReference<Future<InstanceStatus>> probe = new AtomicReference<>();

  OperationsService(EvalHub hub) {
    this.hub = hub;
  }

  /**
   * The refs the index could not read in the repositories {@code caller} may read (anonymous: the
   * public ones), so that the answer never tells that a private repository exists; empty when all
   * is well.
   */
  public List<IndexFailure> health(Optional<Caller> caller) {
    return hub.index().failures().stream().filter(failure -> readable(failure, caller)).toList();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  private boolean readable(IndexFailure failure, Optional<Caller> caller) {
    return RepoId.parsePath(failure.repo())
        .flatMap(hub.storage().repositories()::find)
        .filter(repo -> hub.permissions().canRead(caller, repo))
        .isPresent();
  }

  /**
   * This instance as it sees itself: whether it leads ingestion, and how far the event log and the
   * index have come (what {@code /health} and {@code /metrics} report; no repository is named).
   */
  public InstanceStatus instance() {
    // One process (H2) always leads, since its start; one of several leads while it holds the lock.
    Optional<dev.evalhub.index.Cluster> cluster = hub.cluster();
    return new InstanceStatus(
        INSTANCE,
        cluster.map(dev.evalhub.index.Cluster::leading).orElse(true),
        cluster.isPresent() ? cluster.get().leaderSince() : Optional.of(STARTED),
        hub.storage().events().lastSequence(),
        hub.index().lastSequence());
  }

  /**
   * Whether this instance may take traffic: the index answers a query within {@code timeout}, the
   * data folder is a readable folder, and the index is at most {@code maxLag} events behind the
   * event log. The reasons name no repository and no path (a load balancer's probe is anonymous).
   */
  public Readiness readiness(long maxLag, Duration timeout) {
    List<String> reasons = new ArrayList<>();
    Optional<InstanceStatus> status = Optional.empty();
    try {
      status = Optional.of(probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      reasons.add("the index did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      reasons.add("the index does not answer: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reasons.add("interrupted while asking the index");
    }
    Path data = hub.dataDir();
    if (!Files.isDirectory(data) || !Files.isReadable(data)) {
      reasons.add("the data folder is not readable");
    }
    status
        .filter(s -> s.ingestionLag() > maxLag)
        .ifPresent(
            s ->
                reasons.add(
                    "the index is "
                        + s.ingestionLag()
                        + " events behind the event log (at most "
                        + maxLag
                        + ")"));
    return new Readiness(reasons, status);
  }

  private Future<InstanceStatus> probe() {
    Future<InstanceStatus> running = probe.get();
    if (running != null && !running.isDone()) {
      return running;
    }
    Future<InstanceStatus> next = probes.submit(this::instance);
    probe.set(next);
    return next;
  }

  /** What the leaderboard cache of this process has done and holds (counts only). */
  public CacheStats leaderboardCache() {
    return hub.index().leaderboardCacheStats();
  }

  /**
   * How many refs of public repositories the index could not read now: the count an anonymous
   * {@link #health} shows (a private repository's failure is counted only for its members; {@code
   * evalhub doctor} lists every one).
   */
  public int publicIndexFailures() {
    return health(Optional.empty()).size();
  }

  /** How many evaluation jobs are in each state, every state present. */
  public Map<JobState, Long> jobsByState() {
    return hub.jobs().countsByState();
  }

  /** How many webhook deliveries wait in the queue now. */
  public int pendingWebhookDeliveries() {
    return hub.webhooks().pendingDeliveries();
  }

  /** How many webhook deliveries this process gave up on since it started. */
  public long failedWebhookDeliveries() {
    return hub.webhooks().failedDeliveries();
  }

  /** Rebuilds the index from the repositories, telling {@code progress} how far it is. */
  public ReindexSummary reindexAsAdministrator(ReindexProgress progress) {
    // On PostgreSQL, refused while an instance leads: two writers would race the emptied tables.
    return hub.writingIndexAlone(() -> hub.index().ingestion().reindex(progress));
  }

  /**
   * Checks the data folder and the index, changing nothing: every index failure (private
   * repositories included), the event-log lag, the ref lock files, the interrupted merges.
   */
  public DoctorReport doctor() {
    Index index = hub.index();
    List<IndexFailure> failures = index.failures();
    int lag = hub.storage().events().readAfter(index.lastSequence()).size();
    return new DoctorReport(
        failures, lag, hub.storage().lockFiles(), hub.storage().pullRequests().interruptedMerges());
  }

  /**
   * Removes the ref lock files a killed process left (run by {@link EvalHub#open} before serving,
   * when no other evalhub process may write the data folder); returns the files removed.
   */
  public List<Path> removeStaleLocksAsAdministrator() {
    return hub.storage().removeStaleLocks();
  }
}
