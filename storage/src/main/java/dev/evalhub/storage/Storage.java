package dev.evalhub.storage;

import dev.evalhub.storage.internal.AdminRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A hub's data folder opened: its repositories, accounts, event log, server-side commits and push rules. Layout:
 * {@code repos/models/NS/NAME.git}, {@code repos/datasets/NS/NAME.git}, {@code admin.git} (accounts) and
 * {@code events.log}. Several processes (a server and CLI commands) may open the same folder at once. Thread-safe.
 */
public final class Storage implements AutoCloseable {

  /** The author of administrative changes made from the command line. */
  public static final String ADMIN_ACTOR = "evalhub";

  private final Path dataDir;
  private final AdminRepository admin;
  private final Accounts accounts;
  private final Repositories repositories;
  private final EventLog events;
  private final Commits commits;
  private final Access access;
  private final PushRules pushRules;
  private final StorageOptions options;
  private final PullRequests pullRequests;
  private final ResultHistory resultHistory;

  private Storage(Path dataDir, StorageOptions options, Clock clock) {
    this.dataDir = dataDir;
    this.admin = new AdminRepository(dataDir.resolve("admin.git"), RefNames.ACCOUNTS);
    this.accounts = new Accounts(admin, clock);
    this.repositories = new Repositories(dataDir.resolve("repos"));
    this.events = new EventLog(dataDir.resolve("events.log"), clock);
    this.commits = new Commits(repositories, events, options.formats());
    this.access = new Access(accounts);
    this.pullRequests = new PullRequests(repositories, access, events, options.formats(), clock);
    this.pushRules = new PushRules(access, events, options, pullRequests);
    this.resultHistory = new ResultHistory(repositories, access, pullRequests, options.formats());
    this.options = options;
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

  public Repositories repositories() {
    return repositories;
  }

  public EventLog events() {
    return events;
  }

  public Commits commits() {
    return commits;
  }

  public Access access() {
    return access;
  }

  public PushRules pushRules() {
    return pushRules;
  }

  public PullRequests pullRequests() {
    return pullRequests;
  }

  public ResultHistory resultHistory() {
    return resultHistory;
  }

  /**
   * Creates the repository {@code id} with a first commit on {@code main} holding the Hub's {@code .gitattributes}.
   * A caller must be a writer of the namespace with a write token; an empty caller is the administrator (the CLI).
   * The namespace must be a user or an organisation, and is spelled as that account is.
   */
  public RepoInfo createRepository(RepoId id, boolean isPrivate, Optional<Caller> caller) {
    String namespace = accounts.namespace(id.namespace())
        .orElseThrow(() -> HubException.notFound("no user or organisation \"" + id.namespace() + "\""));
    RepoId canonical = new RepoId(id.type(), namespace, id.name());
    if (caller.isPresent() && !access.canWrite(caller, canonical)) {
      throw HubException.forbidden("you cannot create repositories in \"" + namespace + "\"");
    }
    RepoInfo created = repositories.createBare(canonical, isPrivate);
    String actor = caller.map(Caller::user).orElse(ADMIN_ACTOR);
    CommitResult first = commits.commit(canonical, new CommitRequest("main", Optional.of(RefEvent.ZERO_ID),
        List.of(FileChange.put(".gitattributes", hubGitAttributes())), "initial commit", actor));
    if (!first.isCommitted()) {
      throw new StorageException("cannot make the first commit of " + canonical + ": " + first.status(), null);
    }
    return created;
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
    admin.close();
  }
}
