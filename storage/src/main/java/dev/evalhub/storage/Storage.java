package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.internal.AdminRepository;
import dev.evalhub.storage.internal.StaleLocks;
import dev.evalhub.storage.internal.WriteSections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hub's data folder opened: its repositories, accounts, event log, server-side commits and push
 * rules. Layout: {@code repos/models/NS/NAME.git}, {@code repos/datasets/NS/NAME.git}, {@code
 * admin.git} (accounts) and {@code events.log}. Several processes (a server and CLI commands) may
 * open the same folder at once. Thread-safe.
 */
public final class Storage implements AutoCloseable {

  /** The author of administrative changes made from the command line. */
  public static final String ADMIN_ACTOR = "evalhub";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Storage.class);

  private final Path dataDir;
  private final AdminRepository admin;
  private final AdminRepository keysBranch;
  private final HubKeyRecords hubKeys;
  private final JobRecords jobs;
  private final Accounts accounts;
  private final Repositories repositories;
  private final EventLog events;
  private final Commits commits;
  private final RepoContents contents;
  private final PushRules pushRules;
  private final StorageOptions options;
  private final MirrorRecords mirrors;
  private final MirrorStates mirrorStates;
  private final MirrorCopies mirrorCopies;
  private final PullRequests pullRequests;
  private final PullRequestCommits pullRequestCommits;
  private final Clock clock;
  private final ResultHistory resultHistory;
  private final HubEvents hubEvents;
  private final WebhookRecords webhooks;
  private final WebhookQueue webhookQueue;
  private final Writers writers;

  private Storage(Path dataDir, StorageOptions options, Clock clock) {
    this.dataDir = dataDir;
    this.writers = Writers.register(dataDir);
    // A failure from here on must not leave the writer registered (its file locked, this JVM's
    // storages counted open): what it opened before is closed too.
    try {
      this.admin = new AdminRepository(dataDir.resolve("admin.git"), RefNames.ACCOUNTS);
      this.accounts = new Accounts(admin, clock);
      this.keysBranch = new AdminRepository(dataDir.resolve("admin.git"), RefNames.KEYS);
      this.hubKeys = new HubKeyRecords(keysBranch, clock);
      this.jobs = new JobRecords(dataDir.resolve("admin.git"));
      this.repositories = new Repositories(dataDir.resolve("repos"));
      this.events = new EventLog(dataDir.resolve("events.log"), clock);
      // A ref moved without its event: the index misses it until a reconcile, which the next start
      // then runs.
      events.addFailureListener(
          pending -> writers.markUnclean("an event append failed after its ref moved"));
      this.commits = new Commits(repositories, events, options.formats(), options.maxRepoBytes());
      this.contents = new RepoContents(repositories);
      this.pullRequests = new PullRequests(repositories, events, options.formats(), clock, writers);
      this.pullRequestCommits =
          new PullRequestCommits(
              repositories, pullRequests, events, options.formats(), options.maxRepoBytes());
      this.pushRules = new PushRules(events, options, pullRequests);
      this.clock = clock;
      this.resultHistory = new ResultHistory(repositories, pullRequests, options.formats());
      this.options = options;
      this.hubEvents = new HubEvents(repositories, options.formats());
      this.webhooks = new WebhookRecords(dataDir.resolve("admin.git"));
      this.webhookQueue = new WebhookQueue(dataDir.resolve("webhooks"));
      this.mirrors = new MirrorRecords(dataDir.resolve("admin.git"));
      this.mirrorStates = new MirrorStates(dataDir.resolve("mirrors"));
      this.mirrorCopies = new MirrorCopies(repositories, events, commits, options, clock);
    } catch (RuntimeException | Error e) {
      closeAfterFailedOpen(e);
      throw e;
    }
  }

  /** Closes what a constructor that threw {@code failure} had opened (each may be null). */
  private void closeAfterFailedOpen(Throwable failure) {
    for (AutoCloseable opened : new AutoCloseable[] {admin, keysBranch, jobs, webhooks, mirrors}) {
      try {
        if (opened != null) {
          opened.close();
        }
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
    writers.close();
  }

  /** Opens (creating when missing) the data folder {@code dataDir}. */
  public static Storage open(Path dataDir, StorageOptions options) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StorageException("cannot create the data folder " + dataDir, e);
    }
    return new Storage(dataDir.toAbsolutePath().normalize(), options, Clock.systemUTC());
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How this storage validates files and limits pushes. */
  public StorageOptions options() {
    return options;
  }

  public Accounts accounts() {
    return accounts;
  }

  /**
   * The hub's own verification keys as recorded in {@code admin.git} (public halves, created,
   * revoked).
   */
  public HubKeyRecords hubKeys() {
    return hubKeys;
  }

  /** The evaluation jobs of the hub's runner, one record ref each in {@code admin.git}. */
  public JobRecords jobs() {
    return jobs;
  }

  public Repositories repositories() {
    return repositories;
  }

  /**
   * Opens the repository {@code id} for the index's reads ({@link RepoReader}); the caller closes
   * it. A repository that does not exist or cannot be opened is a {@link StorageException}.
   */
  public RepoReader reader(RepoId id) {
    return new RepoReader(repositories.open(id));
  }

  public EventLog events() {
    return events;
  }

  public Commits commits() {
    return commits;
  }

  public RepoContents contents() {
    return contents;
  }

  public PushRules pushRules() {
    return pushRules;
  }

  public PullRequests pullRequests() {
    return pullRequests;
  }

  public PullRequestCommits pullRequestCommits() {
    return pullRequestCommits;
  }

  public ResultHistory resultHistory() {
    return resultHistory;
  }

  /** The user-facing events derived from ref events: what feeds and webhooks are made of. */
  public HubEvents hubEvents() {
    return hubEvents;
  }

  /** The webhooks' settings, one record ref each in {@code admin.git}. */
  public WebhookRecords webhooks() {
    return webhooks;
  }

  /** The webhooks' delivery state under {@code DATA/webhooks/}: cursor, queue, delivery logs. */
  public WebhookQueue webhookQueue() {
    return webhookQueue;
  }

  /**
   * Creates the repository {@code id} with a first commit on {@code main} holding the Hub's {@code
   * .gitattributes}, as the administrator (the command line). The namespace must be a user or an
   * organisation, and is spelled as that account is.
   */
  public RepoInfo createRepository(RepoId id, boolean isPrivate) {
    return createRepository(id, isPrivate, ADMIN_ACTOR, List.of());
  }

  /**
   * Like {@link #createRepository(RepoId, boolean)}, made by {@code actor} (an account name, or
   * {@link #ADMIN_ACTOR}), with {@code files} in the first commit too (the Hub's {@code createRepo}
   * accepts a few). Whether the actor may create it is the caller's business (the service layer).
   * The files are validated before anything is created: an invalid one refuses the whole creation.
   */
  public RepoInfo createRepository(
      RepoId id, boolean isPrivate, String actor, List<FileChange> files) {
    RepoId canonical = creatable(id);
    List<FileProblem> problems = commits.validateNew(files);
    if (problems.stream().anyMatch(FileProblem::isError)) {
      throw HubException.invalid(FileProblem.describeErrors(problems));
    }
    RepoInfo created = repositories.createBare(canonical, isPrivate);
    List<FileChange> first = new ArrayList<>();
    first.add(FileChange.put(".gitattributes", hubGitAttributes()));
    first.addAll(files);
    CommitResult result;
    try {
      result =
          commits.commit(
              canonical,
              new CommitRequest(
                  new RefName(RefNames.MAIN),
                  Optional.of(CommitId.ZERO),
                  first,
                  "initial commit",
                  new AccountName(actor)));
    } catch (RuntimeException e) {
      repositories.deleteNew(canonical);
      throw e;
    }
    if (!result.isCommitted()) {
      repositories.deleteNew(canonical);
      throw new StorageException(
          "cannot make the first commit of " + canonical + ": " + result.status(), null);
    }
    return created;
  }

  /**
   * {@link #createEmptyRepository(RepoId, boolean, String)} as the administrator (the command
   * line).
   */
  public RepoInfo createEmptyRepository(RepoId id, boolean isPrivate) {
    return createEmptyRepository(id, isPrivate, ADMIN_ACTOR);
  }

  /**
   * Creates the repository {@code id} with no commit at all ({@code main} unborn), so that its
   * first push may bring any history, validated as every push is. Same rules as {@link
   * #createRepository(RepoId, boolean, String, List)}. The creation is recorded as an event on
   * {@code main} from and to 40 zeros, by {@code actor}, so that the index lists the repository at
   * once.
   */
  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  public RepoInfo createEmptyRepository(RepoId id, boolean isPrivate, String actor) {
    try (WriteSections.Section writing = WriteSections.begin()) {
      RepoInfo created = repositories.createBare(creatable(id), isPrivate);
      events.append(
          List.of(
              new RefEvent.Pending(
                  created.id(),
                  new RefName(RefNames.MAIN),
                  CommitId.ZERO,
                  CommitId.ZERO,
                  new AccountName(actor))));
      return created;
    }
  }

  /**
   * Imports the git repository at {@code source} (a local path, or a {@code file://}, {@code
   * http(s)://} or {@code git://} URL) with its whole history into the new repository {@code id},
   * as the administrator: the source's default branch becomes {@code main}; other branches and tags
   * are not imported. The files the hub reads at the imported tip are validated as a push to a new
   * repository would be, and the repository must fit {@code max-repo-bytes}; on any refusal nothing
   * is created. The new {@code main} is an event like any other write.
   */
  public ImportedRepository importRepository(RepoId id, boolean isPrivate, String source) {
    return new RepoImporter(repositories, events, options)
        .run(creatable(id), isPrivate, source, ADMIN_ACTOR);
  }

  /** The mirror records of {@code admin.git} ({@code refs/meta/mirrors/<id>}). */
  public MirrorRecords mirrors() {
    return mirrors;
  }

  /** The mirrors' refresh state under {@code DATA/mirrors/} (operational, derived). */
  public MirrorStates mirrorStates() {
    return mirrorStates;
  }

  /** The local copies of mirrored repositories: their refreshes. */
  public MirrorCopies mirrorCopies() {
    return mirrorCopies;
  }

  /**
   * Creates the mirror {@code id} of {@code origin} from the git repository at {@code gitUrl} (see
   * {@link MirrorCopies}): its {@code main}, each network read within {@code timeoutSeconds}, the
   * whole fetch within {@code total}; the namespace must exist and the name be free, as for any
   * creation.
   */
  public ImportedRepository createMirrorFromGit(
      RepoId id, String gitUrl, String origin, int timeoutSeconds, java.time.Duration total) {
    return mirrorCopies.createFromGit(creatable(id), gitUrl, origin, timeoutSeconds, total);
  }

  /**
   * Creates the mirror {@code id} of {@code origin} with one commit of {@code files} and {@code
   * message}; the namespace must exist and the name be free.
   */
  public RepoInfo createMirrorFromFiles(
      RepoId id, String origin, List<FileChange> files, String message) {
    return mirrorCopies.createFromFiles(creatable(id), origin, files, message);
  }

  /**
   * {@code id} as it would be created: the namespace exists (NOT_FOUND otherwise) and is spelled as
   * its account is; no repository has that name in any case (CONFLICT otherwise).
   */
  private RepoId creatable(RepoId id) {
    String namespace =
        accounts
            .namespace(id.namespace())
            .orElseThrow(
                () -> HubException.notFound("no user or organisation \"" + id.namespace() + "\""));
    RepoId canonical = new RepoId(id.type(), namespace, id.name());
    repositories
        .find(canonical)
        .ifPresent(
            existing -> {
              throw HubException.conflict("repository " + existing.id() + " already exists");
            });
    return canonical;
  }

  /**
   * Deletes the existing repository {@code repo} (as {@link Repositories#find} spells it) for
   * {@code actor}: it moves to the data folder's {@code trash/} (an operator can restore it) and
   * every ref it had is recorded in the event log as deleted, so that the index forgets it. Whether
   * the actor may delete it is the caller's business, but a mirror's copy ({@link
   * RepoInfo#mirrorOf}) is never deleted here: only {@link #deleteMirrorCopy}, the operator's
   * {@code mirror remove --delete-copies}, deletes one.
   *
   * @throws HubException FORBIDDEN when {@code repo} is a mirror's copy, with nothing changed
   */
  public void deleteRepository(RepoId repo, String actor) {
    Optional<String> origin = repositories.find(repo).flatMap(RepoInfo::mirrorOf);
    if (origin.isPresent()) {
      throw HubException.forbidden(
          repo
              + " is a mirror of "
              + origin.get()
              + ": read-only; only the operator's `evalhub mirror remove ID --delete-copies`"
              + " deletes it");
    }
    trash(repo, actor);
  }

  /**
   * Deletes the mirror's copy {@code repo} as {@link #deleteRepository} deletes a repository (to
   * the trash, the index forgets it), by {@link MirrorCopies#ACTOR}: the operator's removal of a
   * mirror with its copies.
   *
   * @throws HubException CONFLICT when {@code repo} is no mirror's copy, NOT_FOUND when it does not
   *     exist
   */
  public void deleteMirrorCopy(RepoId repo) {
    RepoInfo info =
        repositories.find(repo).orElseThrow(() -> HubException.notFound("no repository " + repo));
    if (info.mirrorOf().isEmpty()) {
      throw HubException.conflict(repo + " is not a mirror's copy: not deleted");
    }
    trash(info.id(), MirrorCopies.ACTOR);
  }

  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  private void trash(RepoId repo, String actor) {
    try (WriteSections.Section writing = WriteSections.begin()) {
      trashInSection(repo, actor);
    }
  }

  private void trashInSection(RepoId repo, String actor) {
    Map<String, String> refs = repositories.moveToTrash(repo, clock.instant());
    events.append(
        refs.entrySet().stream()
            .map(
                ref ->
                    new RefEvent.Pending(
                        repo,
                        new RefName(ref.getKey()),
                        CommitId.parse(ref.getValue()),
                        CommitId.ZERO,
                        new AccountName(actor)))
            .toList());
  }

  /**
   * Removes the ref lock files a killed process left behind ({@code *.lock} under {@code refs/},
   * {@code packed-refs.lock}, {@code HEAD.lock}, {@code config.lock}, {@code index.lock}) in {@code
   * admin.git} and every repository; returns the files removed. The hub is the only writer of its
   * repositories, so this is run once at server start, before serving; no other evalhub process may
   * write the data folder at that moment.
   */
  public List<Path> removeStaleLocks() {
    return removeStaleLocks(java.time.Instant.MAX);
  }

  /**
   * Removes the ref lock files (as {@link #removeStaleLocks()}) last modified before {@code
   * before}: what the leader of several instances on one data folder runs, where a younger lock may
   * belong to a live writer of another instance. Returns the files removed.
   */
  public List<Path> removeStaleLocks(java.time.Instant before) {
    List<Path> removed = new ArrayList<>();
    for (Path gitDir : gitDirs()) {
      try {
        removed.addAll(StaleLocks.remove(gitDir, before));
      } catch (IOException e) {
        // One repository must not stop the start: its locked refs answer 503 and doctor lists the
        // lock files.
        LOG.error("cannot remove the stale locks of {}", gitDir, e);
      }
    }
    return removed;
  }

  /**
   * The ref lock files present now in {@code admin.git} and every repository, removing none: with
   * no server running, each is stale (the next start removes it); with one running, a write may
   * hold it for a moment.
   */
  public List<Path> lockFiles() {
    List<Path> locks = new ArrayList<>();
    for (Path gitDir : gitDirs()) {
      try {
        locks.addAll(StaleLocks.find(gitDir));
      } catch (IOException e) {
        throw new StorageException("cannot list the locks of " + gitDir, e);
      }
    }
    return locks;
  }

  private List<Path> gitDirs() {
    List<Path> gitDirs = new ArrayList<>();
    gitDirs.add(dataDir.resolve("admin.git"));
    Path repos = dataDir.resolve("repos");
    if (Files.isDirectory(repos)) {
      try (java.util.stream.Stream<Path> dirs = Files.walk(repos, 3)) {
        dirs.filter(dir -> dir.getFileName().toString().endsWith(".git") && Files.isDirectory(dir))
            .forEach(gitDirs::add);
      } catch (IOException e) {
        throw new StorageException("cannot list the repositories in " + repos, e);
      }
    }
    return gitDirs;
  }

  private static byte[] hubGitAttributes() {
    try (InputStream in = Storage.class.getResourceAsStream("internal/hub.gitattributes")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      admin.close();
      keysBranch.close();
      jobs.close();
      webhooks.close();
      mirrors.close();
    } finally {
      writers.close();
    }
  }

  /**
   * The processes writing this data folder: whether each ended cleanly, what a server's start reads
   * to decide whether it must walk every repository (see {@link Writers}).
   */
  public Writers writers() {
    return writers;
  }
}
