package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.IndexFailure;
import dev.evalhub.domain.index.InstanceStatus;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.index.Index;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeping a hub well: its health as a caller may see it, rebuilding the index, and the doctor's
 * checks of the data folder (the last two are the command line's, the administrator's).
 * Thread-safe.
 */
public final class OperationsService {

  private static final String INSTANCE = ProcessHandle.current().pid() + "@" + hostName();
  private static final Instant STARTED = Instant.now();

  private final EvalHub hub;

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

  /** Rebuilds the index from the repositories, telling {@code progress} how far it is. */
  public ReindexSummary reindexAsAdministrator(ReindexProgress progress) {
    return hub.index().ingestion().reindex(progress);
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
