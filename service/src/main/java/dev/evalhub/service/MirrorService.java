package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.domain.mirror.MirrorState;
import dev.evalhub.domain.mirror.MirrorStatus;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.service.internal.MirrorSource;
import dev.evalhub.storage.MirrorCopies;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Mirrors of another hub's benchmarks and models (issue 16): read-only local copies under the same
 * names, refreshed on a schedule ({@link #startRefreshing}, a worker {@code serve} starts) and on
 * demand. The operator sets them up through the command line ({@code ...AsAdministrator}); the API
 * lists them (public facts only) and lets a signed-in account with a write token ask for a refresh,
 * at most one per mirror per {@link #API_REFRESH_SPACING}. A mirror's settings are a record in
 * {@code admin.git}; what its refreshes found is operational state under {@code DATA/mirrors/}. A
 * source that is down, serves invalid files or rewrites its history changes nothing here: the copy
 * keeps what it has and the problem is recorded, then tried again at the next refresh. Thread-safe.
 */
public final class MirrorService implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MirrorService.class);

  /** The shortest time between two refreshes of one mirror asked through the API. */
  public static final Duration API_REFRESH_SPACING = Duration.ofSeconds(30);

  /** Each network read of a refresh waits at most this long. */
  public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(60);

  /** A git fetch of one repository (creation or refresh) takes at most this long in all. */
  public static final Duration FETCH_DEADLINE = Duration.ofMinutes(10);

  /**
   * What the public views ({@link #list(Optional)}, {@link #mirrorOf}) show for a problem whose
   * text may carry a transport's or the disk's own words (addresses, paths): the operator's {@link
   * #listAsAdministrator} and the log have the detail.
   */
  public static final String PUBLIC_PROBLEM =
      "the source could not be read or the copy not updated (the operator's mirror list and log"
          + " tell why)";

  /** The problems, by how they start, that name only public facts and show as they are. */
  private static final List<String> PUBLIC_PROBLEMS =
      List.of(
          "history rewritten at the source",
          "invalid files at the source's ",
          "the source no longer serves ",
          "the source's listing at ",
          "exists on this hub and is not a mirror of ",
          "the fetch ",
          "main moved during the refresh",
          "has no main branch");

  /** At most this many files are read from one repository through the API. */
  public static final int MAX_API_FILES = 10_000;

  private final Storage storage;
  private final Permissions permissions;
  private final Clock clock;
  private final MirrorSource source = new MirrorSource(Duration.ofSeconds(10), NETWORK_TIMEOUT);
  private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
  private final AtomicLong refreshes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();
  private volatile ScheduledExecutorService worker;
  private final java.util.Set<String> requested = ConcurrentHashMap.newKeySet();
  private java.util.concurrent.ExecutorService requestWorker;
  private boolean closed;

  /** Whether this process refreshes on schedule now (always, but for a follower of several). */
  private volatile java.util.function.BooleanSupplier mayRefresh = () -> true;

  MirrorService(Storage storage, Permissions permissions, Clock clock) {
    this.storage = storage;
    this.permissions = permissions;
    this.clock = clock;
  }

  /**
   * What an operator asks for: the source hub's base URL ({@code http(s)://host[:port][/path]}),
   * the benchmarks and models to copy ({@code NS/NAME}), the kind (empty: {@code git} when the
   * source serves the first repository over git, else {@code api}) and the refresh interval (empty:
   * {@link Mirror#DEFAULT_INTERVAL}).
   */
  public record AddRequest(
      String url,
      List<String> benchmarks,
      List<String> models,
      Optional<MirrorKind> kind,
      Optional<Duration> interval) {
    public AddRequest {
      benchmarks = List.copyOf(benchmarks);
      models = List.copyOf(models);
    }
  }

  /**
   * Adds a mirror as the operator and refreshes it once. Checked before anything is written: the
   * URL (http or https, a host, no credentials, query or fragment), at least one repository, each a
   * valid {@code NS/NAME}, the interval, every repository known at the source, and no local
   * repository of that name that is not a mirror of it (nor one another mirror refreshes). A
   * namespace this hub lacks is created as an organisation without members.
   *
   * @throws HubException INVALID, NOT_FOUND (a repository unknown at the source) or CONFLICT, with
   *     nothing changed
   */
  public MirrorStatus addAsAdministrator(AddRequest request) {
    String base = baseUrl(request.url());
    List<RepoId> repos = new ArrayList<>();
    for (String name : request.benchmarks()) {
      repos.add(repoId(dev.evalhub.domain.RepoType.DATASET, name, "--benchmark"));
    }
    for (String name : request.models()) {
      repos.add(repoId(dev.evalhub.domain.RepoType.MODEL, name, "--model"));
    }
    if (repos.isEmpty()) {
      throw HubException.invalid("a mirror needs at least one --benchmark or --model");
    }
    if (new LinkedHashSet<>(repos).size() != repos.size()) {
      throw HubException.invalid("a repository is named twice");
    }
    Duration interval = request.interval().orElse(Mirror.DEFAULT_INTERVAL);
    if (interval.compareTo(Mirror.MIN_INTERVAL) < 0) {
      throw HubException.invalid(
          "the interval must be at least " + Mirror.MIN_INTERVAL.toSeconds() + " seconds");
    }
    for (RepoId repo : repos) {
      String origin = base + "/" + repo.urlPath();
      Optional<RepoInfo> local = storage.repositories().find(repo);
      if (local.isPresent() && !local.get().mirrorOf().equals(Optional.of(origin))) {
        throw HubException.conflict(
            local.get().id()
                + " exists on this hub and is not a mirror of "
                + origin
                + ": nothing changed");
      }
      for (Mirror other : storage.mirrors().list()) {
        if (!other.removed() && other.repositories().contains(repo)) {
          throw HubException.conflict(
              repo + " is mirrored already by mirror " + other.id() + ": nothing changed");
        }
      }
    }
    for (RepoId repo : repos) {
      source.info(base, repo);
    }
    MirrorKind kind =
        request
            .kind()
            .orElseGet(
                () -> source.servesGit(base, repos.get(0)) ? MirrorKind.GIT : MirrorKind.API);
    for (RepoId repo : repos) {
      if (storage.accounts().namespace(repo.namespace()).isEmpty()) {
        storage.accounts().createOrg(repo.namespace(), List.of());
      }
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    Mirror mirror =
        new Mirror(
            HexFormat.of().formatHex(random),
            base,
            kind,
            repos,
            interval,
            Storage.ADMIN_ACTOR,
            clock.instant(),
            false);
    storage.mirrors().create(mirror);
    return refresh(mirror);
  }

  /** Every mirror not removed, with its state, oldest first: the operator's view. */
  public List<MirrorStatus> listAsAdministrator() {
    return storage.mirrors().list().stream()
        .filter(m -> !m.removed())
        .map(m -> new MirrorStatus(m, storage.mirrorStates().get(m.id())))
        .toList();
  }

  /**
   * Every mirror not removed as anyone may see it: a repository whose local name is taken by a
   * repository that is no mirror of it is left out (with its state), so that a private repository
   * never shows.
   */
  public List<MirrorStatus> list(Optional<Caller> caller) {
    List<MirrorStatus> shown = new ArrayList<>();
    for (MirrorStatus status : listAsAdministrator()) {
      List<RepoId> visible =
          status.mirror().repositories().stream()
              .filter(repo -> publicOrAbsent(status.mirror(), repo, caller))
              .toList();
      Mirror mirror = status.mirror();
      shown.add(
          new MirrorStatus(
              new Mirror(
                  mirror.id(),
                  mirror.source(),
                  mirror.kind(),
                  visible,
                  mirror.interval(),
                  mirror.actor(),
                  mirror.created(),
                  false),
              new MirrorState(
                  status.state().lastAttempt(),
                  status.state().lastSuccess(),
                  status.state().refreshes(),
                  status.state().failures(),
                  status.state().repositories().stream()
                      .filter(r -> visible.contains(r.repo()))
                      .map(MirrorService::publicState)
                      .toList())));
    }
    return shown;
  }

  /** {@code state} with its problem as the public may see it ({@link #PUBLIC_PROBLEM}). */
  static MirrorState.RepoState publicState(MirrorState.RepoState state) {
    return new MirrorState.RepoState(
        state.repo(),
        state.sourceRevision(),
        state.localRevision(),
        state.lastChange(),
        state.problem().map(MirrorService::publicProblem),
        state.replaced());
  }

  /**
   * {@code problem} when it names only public facts (a rewritten history, invalid files, a result
   * kept, a size over a limit...), else {@link #PUBLIC_PROBLEM}.
   */
  static String publicProblem(String problem) {
    for (String known : PUBLIC_PROBLEMS) {
      if (problem.startsWith(known)
          || (known.equals("has no main branch") && problem.contains(" has no main branch "))) {
        return problem;
      }
    }
    if (problem.matches("[^\\s]+ would hold \\d+ bytes .*")
        || problem.matches("[^\\s]+ not found at [^\\s]+ \\(HTTP \\d+\\)")) {
      return problem;
    }
    return PUBLIC_PROBLEM;
  }

  private boolean publicOrAbsent(Mirror mirror, RepoId repo, Optional<Caller> caller) {
    return storage
        .repositories()
        .find(repo)
        .map(
            info ->
                info.mirrorOf().equals(Optional.of(mirror.sourceUrlOf(repo)))
                    && permissions.canRead(caller, info))
        .orElse(true);
  }

  /**
   * The mirror that copies {@code repo} and what its refreshes found, when {@code repo} is a mirror
   * the caller may read: what its pages show.
   */
  public Optional<MirrorStatus> mirrorOf(RepoId repo, Optional<Caller> caller) {
    RepoInfo info = permissions.readable(repo, caller);
    if (info.mirrorOf().isEmpty()) {
      return Optional.empty();
    }
    for (Mirror mirror : storage.mirrors().list()) {
      if (mirror.repositories().contains(info.id())
          && info.mirrorOf().equals(Optional.of(mirror.sourceUrlOf(info.id())))) {
        MirrorState state = storage.mirrorStates().get(mirror.id());
        return Optional.of(
            new MirrorStatus(
                mirror,
                new MirrorState(
                    state.lastAttempt(),
                    state.lastSuccess(),
                    state.refreshes(),
                    state.failures(),
                    state.repositories().stream().map(MirrorService::publicState).toList())));
      }
    }
    return Optional.empty();
  }

  /**
   * The URL of the repository of another hub that {@code repo} mirrors, when the caller may read it
   * and it is a mirror.
   */
  public Optional<String> originOf(RepoId repo, Optional<Caller> caller) {
    return permissions.readable(repo, caller).mirrorOf();
  }

  /**
   * Refreshes the mirror {@code id} now, as the operator (waiting for a refresh of it that runs).
   *
   * @throws HubException NOT_FOUND when there is no such mirror (or it was removed)
   */
  public MirrorStatus refreshAsAdministrator(String id) {
    return refresh(active(id));
  }

  /** Refreshes every mirror now, as the operator, one after the other. */
  public List<MirrorStatus> refreshAllAsAdministrator() {
    List<MirrorStatus> all = new ArrayList<>();
    for (Mirror mirror : storage.mirrors().list()) {
      if (!mirror.removed()) {
        all.add(refresh(mirror));
      }
    }
    return all;
  }

  /**
   * Asks for a refresh of the mirror {@code id} for {@code caller}, an account with a write token,
   * and returns at once with the mirror's state now: the refresh runs on a background thread (one
   * for all such requests, so one at a time), unless one ran within {@link #API_REFRESH_SPACING},
   * runs now or is queued already (then nothing more is asked). The front end answers before the
   * source is read; the state shows the refresh when it has run.
   *
   * @throws HubException FORBIDDEN with a read token, NOT_FOUND for no such mirror (or a removed
   *     one)
   */
  public MirrorStatus requestRefresh(String id, Caller caller) {
    if (!caller.canWrite()) {
      throw HubException.forbidden("refreshing a mirror needs a write token");
    }
    Mirror mirror = active(id);
    MirrorState state = storage.mirrorStates().get(id);
    boolean recent =
        state
            .lastAttempt()
            .map(t -> t.plus(API_REFRESH_SPACING).isAfter(clock.instant()))
            .orElse(false);
    ReentrantLock lock = running.computeIfAbsent(id, k -> new ReentrantLock());
    if (recent || lock.isLocked() || !requested.add(id)) {
      return new MirrorStatus(mirror, state);
    }
    try {
      requests()
          .execute(
              () -> {
                try {
                  refresh(active(id));
                } catch (RuntimeException e) {
                  LOG.error("mirror {}: the requested refresh failed", id, e);
                } finally {
                  requested.remove(id);
                }
              });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      requested.remove(id);
      throw HubException.conflict("the mirrors are shutting down: no refresh now");
    }
    return new MirrorStatus(mirror, state);
  }

  private synchronized java.util.concurrent.ExecutorService requests() {
    if (closed) {
      throw new java.util.concurrent.RejectedExecutionException("closed");
    }
    if (requestWorker == null) {
      requestWorker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread thread = new Thread(r, "evalhub-mirror-requests");
                thread.setDaemon(true);
                return thread;
              });
    }
    return requestWorker;
  }

  /**
   * Removes the mirror {@code id} as the operator: it is no longer refreshed; its copies stay, read
   * only, with their origin.
   *
   * @throws HubException NOT_FOUND when there is no such mirror
   */
  public Mirror removeAsAdministrator(String id) {
    return removeAsAdministrator(id, false);
  }

  /**
   * Removes the mirror {@code id} as the operator; with {@code deleteCopies}, each of its copies
   * that still is its copy (a local repository of the name marked as a mirror of its source) is
   * deleted too, to the trash: the one way a copy is deleted (no account, not even the owner of its
   * namespace, may delete one, nor make one private: a copy is always public).
   *
   * @throws HubException NOT_FOUND when there is no such mirror
   */
  public Mirror removeAsAdministrator(String id, boolean deleteCopies) {
    Mirror mirror = active(id);
    ReentrantLock lock = running.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      Mirror removed = storage.mirrors().update(id, Mirror::asRemoved, "Remove mirror " + id);
      if (deleteCopies) {
        for (RepoId repo : mirror.repositories()) {
          Optional<RepoInfo> local = storage.repositories().find(repo);
          if (local.isPresent()
              && local.get().mirrorOf().equals(Optional.of(mirror.sourceUrlOf(repo)))) {
            storage.deleteMirrorCopy(local.get().id());
          }
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The mirrors not removed now ({@code mirrors}) and of them those whose last refresh left a
   * problem ({@code mirrorsWithProblems}); counts since this process started: refreshes run,
   * refreshes that met a problem, repositories whose {@code main} moved.
   */
  public record Counts(
      long mirrors, long refreshes, long failures, long updates, long mirrorsWithProblems) {}

  /** The counts of {@link Counts}, for metrics (no repository named). */
  public Counts counts() {
    List<MirrorStatus> all = listAsAdministrator();
    long withProblems = all.stream().filter(s -> !s.state().problems().isEmpty()).count();
    return new Counts(all.size(), refreshes.get(), failures.get(), updates.get(), withProblems);
  }

  /**
   * Starts the scheduled refreshes (once per hub): every {@code tick}, each mirror whose interval
   * has passed since its last attempt is refreshed, one at a time, on one background thread. {@link
   * #close} stops it.
   */
  public synchronized void startRefreshing(Duration tick) {
    if (worker != null) {
      throw new IllegalStateException("the mirrors are refreshed already");
    }
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "evalhub-mirrors");
              thread.setDaemon(true);
              return thread;
            });
    worker.scheduleWithFixedDelay(
        this::refreshDue, 0, Math.max(1, tick.toMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * Refreshes on schedule only while {@code leading} holds (checked at each tick): of several
   * instances on one data folder, only the leader refreshes (set once while the hub opens).
   */
  void refreshOnlyWhile(java.util.function.BooleanSupplier leading) {
    this.mayRefresh = leading;
  }

  private void refreshDue() {
    if (!mayRefresh.getAsBoolean()) {
      return;
    }
    try {
      Instant now = clock.instant();
      for (Mirror mirror : storage.mirrors().list()) {
        if (mirror.removed()) {
          continue;
        }
        Optional<Instant> last = storage.mirrorStates().get(mirror.id()).lastAttempt();
        if (last.isEmpty() || !last.get().plus(mirror.interval()).isAfter(now)) {
          refresh(mirror);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("the scheduled refresh of the mirrors failed", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (worker != null) {
      worker.shutdownNow();
      worker = null;
    }
    if (requestWorker != null) {
      requestWorker.shutdownNow();
      requestWorker = null;
    }
  }

  private Mirror active(String id) {
    return storage
        .mirrors()
        .get(id)
        .filter(m -> !m.removed())
        .orElseThrow(() -> HubException.notFound("no mirror with the id " + id));
  }

  /** One refresh of every repository of {@code mirror}, under the mirror's lock. */
  private MirrorStatus refresh(Mirror mirror) {
    ReentrantLock lock = running.computeIfAbsent(mirror.id(), k -> new ReentrantLock());
    lock.lock();
    try {
      MirrorState before = storage.mirrorStates().get(mirror.id());
      List<MirrorState.RepoState> after = new ArrayList<>();
      for (RepoId repo : mirror.repositories()) {
        MirrorState.RepoState previous =
            before
                .of(repo)
                .orElse(
                    new MirrorState.RepoState(
                        repo,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        MirrorState.RepoState now;
        try {
          now = refreshRepo(mirror, repo, previous);
        } catch (HubException | StorageException e) {
          now = problem(previous, e.getMessage());
        } catch (RuntimeException e) {
          // Whatever else a source or the disk throws fails this repository, not the refresh.
          LOG.error("mirror {}: {}: refresh failed", mirror.id(), repo.urlPath(), e);
          now = problem(previous, "refresh failed: " + e);
        }
        if (now.localRevision().isPresent()
            && !now.localRevision().equals(previous.localRevision())) {
          updates.incrementAndGet();
        }
        now.problem().ifPresent(p -> LOG.warn("mirror {}: {}: {}", mirror.id(), repo.urlPath(), p));
        after.add(now);
      }
      boolean failed = after.stream().anyMatch(r -> r.problem().isPresent());
      Instant time = clock.instant();
      MirrorState state =
          new MirrorState(
              Optional.of(time),
              failed ? before.lastSuccess() : Optional.of(time),
              before.refreshes() + 1,
              before.failures() + (failed ? 1 : 0),
              after);
      storage.mirrorStates().put(mirror.id(), state);
      refreshes.incrementAndGet();
      if (failed) {
        failures.incrementAndGet();
      }
      return new MirrorStatus(mirror, state);
    } finally {
      lock.unlock();
    }
  }

  private static MirrorState.RepoState problem(MirrorState.RepoState previous, String problem) {
    return new MirrorState.RepoState(
        previous.repo(),
        previous.sourceRevision(),
        previous.localRevision(),
        previous.lastChange(),
        Optional.of(problem == null ? "unknown problem" : problem),
        previous.replaced());
  }

  private MirrorState.RepoState refreshRepo(
      Mirror mirror, RepoId repo, MirrorState.RepoState previous) {
    String origin = mirror.sourceUrlOf(repo);
    Optional<RepoInfo> local = storage.repositories().find(repo);
    if (local.isPresent() && !local.get().mirrorOf().equals(Optional.of(origin))) {
      return problem(previous, "exists on this hub and is not a mirror of " + origin);
    }
    int timeout = (int) NETWORK_TIMEOUT.toSeconds();
    Instant now = clock.instant();
    if (mirror.kind() == MirrorKind.GIT) {
      String gitUrl = MirrorSource.gitUrl(mirror.source(), repo);
      if (local.isEmpty()) {
        ImportedRepository created =
            storage.createMirrorFromGit(repo, gitUrl, origin, timeout, FETCH_DEADLINE);
        return new MirrorState.RepoState(
            repo,
            Optional.of(created.head()),
            Optional.of(created.head()),
            Optional.of(now),
            Optional.empty());
      }
      MirrorCopies.Fetched fetched =
          storage.mirrorCopies().fetchGit(repo, gitUrl, timeout, FETCH_DEADLINE);
      boolean moved = fetched.status() == MirrorCopies.FetchStatus.UPDATED;
      return new MirrorState.RepoState(
          repo,
          fetched.sourceHead(),
          fetched.localHead(),
          moved ? Optional.of(now) : previous.lastChange(),
          fetched.problem());
    }
    return refreshThroughApi(mirror, repo, previous, local, origin, now);
  }

  /** The files an API mirror copies: those the hub reads and the results' details. */
  static boolean copied(String path) {
    return path.equals("eval.yaml")
        || path.equals("README.md")
        || (path.startsWith(".eval_results/") && !path.endsWith("/"));
  }

  private MirrorState.RepoState refreshThroughApi(
      Mirror mirror,
      RepoId repo,
      MirrorState.RepoState previous,
      Optional<RepoInfo> local,
      String origin,
      Instant now) {
    MirrorSource.Listing listing = source.info(mirror.source(), repo);
    if (local.isPresent()
        && previous.sourceRevision().equals(Optional.of(listing.revision()))
        && previous.problem().isEmpty()) {
      return previous;
    }
    String revision = listing.revision().substring(0, 8);
    List<String> paths = listing.files().stream().filter(MirrorService::copied).toList();
    if (paths.size() > MAX_API_FILES) {
      throw HubException.invalid(
          repo.urlPath() + " has " + paths.size() + " files to copy, over " + MAX_API_FILES);
    }
    Optional<String> head = local.map(info -> storage.contents().require(repo, "main").commitId());
    Map<String, String> localBlobs = head.map(h -> copiedBlobs(repo, h)).orElse(Map.of());
    if (!localBlobs.isEmpty() && paths.stream().noneMatch(localBlobs::containsKey)) {
      return problem(
          previous,
          "the source's listing at "
              + revision
              + " names none of the "
              + localBlobs.size()
              + " files copied here: refused, nothing applied");
    }
    long maxObject = positiveOr(storage.options().maxObjectBytes(), 1L << 30);
    long budget = positiveOr(storage.options().maxPackBytes(), Long.MAX_VALUE);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String path : paths) {
      byte[] bytes =
          source.download(
              mirror.source(), repo, listing.revision(), path, Math.min(maxObject, budget));
      budget -= bytes.length;
      files.put(path, bytes);
    }
    String message = "Mirror of " + origin + " at " + listing.revision().substring(0, 12);
    if (head.isEmpty()) {
      List<FileChange> changes = new ArrayList<>();
      files.forEach((path, bytes) -> changes.add(FileChange.put(path, bytes)));
      if (changes.isEmpty()) {
        throw HubException.invalid(
            repo.urlPath() + " at the source holds none of the files copied");
      }
      storage.createMirrorFromFiles(repo, origin, changes, message);
      String created = storage.contents().require(repo, "main").commitId();
      return new MirrorState.RepoState(
          repo,
          Optional.of(listing.revision()),
          Optional.of(created),
          Optional.of(now),
          Optional.empty());
    }
    Changes changes = changes(localBlobs, files);
    Optional<String> kept =
        changes.kept().isEmpty()
            ? Optional.empty()
            : Optional.of(
                "the source no longer serves "
                    + String.join(", ", changes.kept())
                    + " (at "
                    + revision
                    + "): kept");
    Optional<String> replaced =
        changes.replaced().isEmpty()
            ? Optional.empty()
            : Optional.of("changed at the source: " + String.join(", ", changes.replaced()));
    if (changes.files().isEmpty()) {
      return new MirrorState.RepoState(
          repo,
          Optional.of(listing.revision()),
          head,
          previous.lastChange(),
          kept,
          previous.replaced());
    }
    if (replaced.isPresent()) {
      message +=
          "\n\nChanged at the source: "
              + String.join(", ", changes.replaced())
              + ". The previous contents stay in this repository's history.";
    }
    CommitResult result =
        storage
            .mirrorCopies()
            .commitFiles(repo, CommitId.parse(head.get()), changes.files(), message);
    return switch (result.status()) {
      case COMMITTED ->
          new MirrorState.RepoState(
              repo,
              Optional.of(listing.revision()),
              result.commitId(),
              Optional.of(now),
              kept,
              replaced);
      case INVALID_FILES ->
          problem(
              previous,
              "invalid files at the source's "
                  + revision
                  + ", nothing applied:\n"
                  + FileProblem.describeErrors(result.problems()));
      default -> problem(previous, "the copy could not be committed: " + result.status());
    };
  }

  /** The copied files of {@code head} and their blob ids. */
  private Map<String, String> copiedBlobs(RepoId repo, String head) {
    Map<String, String> blobs = new LinkedHashMap<>();
    storage
        .contents()
        .tree(repo, head, "", true)
        .orElse(List.of())
        .forEach(
            entry -> {
              if (entry.type() == TreeEntry.Type.FILE && copied(entry.path())) {
                blobs.put(entry.path(), entry.objectId());
              }
            });
    return blobs;
  }

  /**
   * What an API refresh applies: the files to commit, the paths among them whose contents change,
   * and the results the source no longer lists, which are kept.
   */
  private record Changes(List<FileChange> files, List<String> replaced, List<String> kept) {}

  /**
   * What turns the copied files ({@code localBlobs}) into {@code files}: added and changed files
   * are put; a missing {@code eval.yaml} or {@code .eval_results/} file is kept (a mirrored result
   * is never lost), a missing {@code README.md} deleted.
   */
  private static Changes changes(Map<String, String> localBlobs, Map<String, byte[]> files) {
    List<FileChange> changes = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      files.forEach(
          (path, bytes) -> {
            String blob = formatter.idFor(Constants.OBJ_BLOB, bytes).name();
            String old = localBlobs.get(path);
            if (!blob.equals(old)) {
              changes.add(FileChange.put(path, bytes));
              if (old != null) {
                replaced.add(path);
              }
            }
          });
    }
    for (String path : localBlobs.keySet()) {
      if (files.containsKey(path)) {
        continue;
      }
      if (path.equals("README.md")) {
        changes.add(FileChange.delete(path));
      } else {
        kept.add(path);
      }
    }
    return new Changes(changes, replaced, kept);
  }

  private static long positiveOr(long value, long otherwise) {
    return value > 0 ? value : otherwise;
  }

  /** {@code url} checked and without a trailing slash. */
  static String baseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw HubException.invalid("not a URL: " + url);
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw HubException.invalid("a mirror's source must be an http or https URL, not " + url);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw HubException.invalid("the source URL has no host: " + url);
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw HubException.invalid(
          "the source URL must not hold credentials, a query or a fragment: " + url);
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  private static RepoId repoId(dev.evalhub.domain.RepoType type, String name, String option) {
    String[] parts = name == null ? new String[0] : name.split("/", -1);
    if (parts.length != 2) {
      throw HubException.invalid(option + " must be NS/NAME, not \"" + name + "\"");
    }
    return new RepoId(type, parts[0], parts[1]);
  }
}
