package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoNames;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.internal.ExclusiveFile;
import dev.evalhub.storage.internal.RefWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;

/**
 * The model and dataset repositories of a hub: bare git repositories at {@code
 * repos/models/NS/NAME.git} and {@code repos/datasets/NS/NAME.git}, found regardless of case. A
 * repository's visibility is in its git config ({@code evalhub.private}). Thread-safe; creation is
 * serialised across processes by a file lock.
 */
public final class Repositories {

  private static final String SECTION = "evalhub";
  private static final String PRIVATE = "private";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Repositories.class);

  private final Path root;

  /**
   * One entry per repository found since start (bounded by the repositories on disk); see {@link
   * #isPrivate}.
   */
  private final Map<Path, Visibility> visibility = new ConcurrentHashMap<>();

  Repositories(Path root) {
    this.root = root;
  }

  /**
   * The repository {@code id} names, with the spelling it was created with, or empty when there is
   * none.
   */
  public Optional<RepoInfo> find(RepoId id) {
    // The common case in one stat: the repository spelled as asked, its visibility known. When
    // the config file at the exact path exists, both folders on the way exist as spelled, so the
    // case-ignoring search below would pick exactly this path and this spelling; anything else
    // (no such path, a different spelling on disk, a changed or unread config) takes that search.
    Path exact = gitDir(id);
    Optional<BasicFileAttributes> config = configAttributes(exact);
    if (config.isPresent()) {
      Visibility known = visibility.get(exact);
      if (known != null && known.matches(config.get())) {
        return Optional.of(new RepoInfo(id, known.isPrivate(), known.mirrorOf()));
      }
    }
    Path typeDir = root.resolve(id.type().plural());
    Optional<Path> namespaceDir = childIgnoringCase(typeDir, id.namespace());
    Optional<Path> gitDir =
        namespaceDir.flatMap(dir -> childIgnoringCase(dir, id.name() + Constants.DOT_GIT));
    if (gitDir.isEmpty()) {
      return Optional.empty();
    }
    String name = gitDir.get().getFileName().toString();
    RepoId canonical =
        new RepoId(
            id.type(),
            namespaceDir.get().getFileName().toString(),
            name.substring(0, name.length() - Constants.DOT_GIT.length()));
    Visibility visible = visibility(canonical, gitDir.get());
    return Optional.of(new RepoInfo(canonical, visible.isPrivate(), visible.mirrorOf()));
  }

  /**
   * The visibility (and mirror origin) in the repository's config, remembered until the config file
   * changes: finding a repository then costs about what finding none does (no git open), so that a
   * private repository's existence does not show in response times either.
   */
  private Visibility visibility(RepoId canonical, Path gitDir) {
    try {
      BasicFileAttributes config =
          Files.readAttributes(gitDir.resolve(Constants.CONFIG), BasicFileAttributes.class);
      Visibility known = visibility.get(gitDir);
      if (known != null && known.matches(config)) {
        return known;
      }
      // Opened outside JGit's cache, which would keep it (closed) for an hour: a listing of every
      // repository (a rebuild's) would hold them all.
      try (Repository repository =
          RepositoryCache.FileKey.exact(gitDir.toFile(), FS.DETECTED).open(true)) {
        boolean isPrivate = repository.getConfig().getBoolean(SECTION, PRIVATE, false);
        Visibility read =
            new Visibility(
                config.fileKey(),
                config.lastModifiedTime(),
                isPrivate,
                dev.evalhub.storage.internal.MirrorMark.of(repository));
        visibility.put(gitDir, read);
        return read;
      }
    } catch (IOException | StorageException e) {
      // A repository that cannot be opened (a corrupt config, missing folders) must not stop
      // listings, start-up or
      // a rebuild: it counts as private (fail closed), and what reads it fails for it alone.
      LOG.warn(
          "cannot open repository {}, treated as private: {}",
          canonical,
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return new Visibility(null, FileTime.fromMillis(0), true, Optional.empty());
    }
  }

  /** The attributes of the config file of {@code gitDir}, or empty when it cannot be read. */
  private static Optional<BasicFileAttributes> configAttributes(Path gitDir) {
    try {
      return Optional.of(
          Files.readAttributes(gitDir.resolve(Constants.CONFIG), BasicFileAttributes.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A repository's visibility and the state of the config file it was read from. */
  private record Visibility(
      Object fileKey, FileTime modified, boolean isPrivate, Optional<String> mirrorOf) {
    boolean matches(BasicFileAttributes config) {
      return Objects.equals(fileKey, config.fileKey())
          && modified.equals(config.lastModifiedTime());
    }
  }

  /**
   * Every repository of the hub, models then datasets, each sorted by namespace and name: what a
   * rebuild reads.
   */
  public List<RepoInfo> list() {
    List<RepoInfo> all = new ArrayList<>();
    for (RepoType type : RepoType.values()) {
      for (Path namespaceDir : children(root.resolve(type.plural()))) {
        for (Path gitDir : children(namespaceDir)) {
          String file = gitDir.getFileName().toString();
          if (file.endsWith(Constants.DOT_GIT)) {
            String name = file.substring(0, file.length() - Constants.DOT_GIT.length());
            RepoNames.problemWithRepoName(name)
                .ifPresentOrElse(
                    problem -> {},
                    () ->
                        find(new RepoId(type, namespaceDir.getFileName().toString(), name))
                            .ifPresent(all::add));
          }
        }
      }
    }
    return all;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir, e);
    }
  }

  /** Opens the repository of {@code id} as created (see {@link #find}); the caller closes it. */
  public Repository open(RepoId id) {
    try {
      return RepositoryCache.open(
          RepositoryCache.FileKey.exact(gitDir(id).toFile(), FS.DETECTED), true);
    } catch (IOException e) {
      throw new StorageException("cannot open repository " + id, e);
    }
  }

  /**
   * Drops JGit's cached instance of the repository {@code id} (the cache keeps a closed one for an
   * hour), closing it once no one uses it: what a rebuild calls after reading a repository, so that
   * its memory does not grow with the number of repositories. A later {@link #open} opens it anew.
   * Does nothing for a repository that cannot be opened.
   */
  public void release(RepoId id) {
    try (Repository repository = open(id)) {
      RepositoryCache.unregister(repository);
    } catch (StorageException e) {
      // Gone or unreadable: nothing of it is worth keeping either.
    }
  }

  /**
   * Creates an empty bare repository for {@code id}, refusing a name that differs from an existing
   * one only by case. Callers put the first commit on {@code main}.
   */
  RepoInfo createBare(RepoId id, boolean isPrivate) {
    try {
      Files.createDirectories(root);
      return placeNew(id, isPrivate, dir -> initBare(dir, isPrivate));
    } catch (IOException e) {
      throw new StorageException("cannot create repository " + id, e);
    }
  }

  /**
   * A new empty bare repository in {@code repos/.staging/}, where no lookup sees it: an import
   * fills it, then {@link #install} moves it into place. The caller deletes it when the import
   * fails.
   */
  Path stage(boolean isPrivate) throws IOException {
    Path staging = root.resolve(".staging");
    Files.createDirectories(staging);
    Path dir = Files.createTempDirectory(staging, "import-");
    initBare(dir, isPrivate);
    return dir;
  }

  /**
   * Moves the staged repository {@code staged} to {@code id}'s place in one rename, refusing a name
   * that exists (regardless of case) by then.
   */
  RepoInfo install(Path staged, RepoId id, boolean isPrivate) {
    try {
      return placeNew(
          id, isPrivate, dir -> Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE));
    } catch (IOException e) {
      throw new StorageException("cannot install the imported repository " + id, e);
    }
  }

  /** What puts a new repository's bare folder at {@code dir}. */
  @FunctionalInterface
  private interface Placement {
    void place(Path dir) throws IOException;
  }

  /**
   * Under the creation lock (across threads and processes): refuses {@code id} when a repository of
   * that name exists regardless of case, else makes its parent folder and {@code placement} puts
   * the bare folder in place.
   */
  private RepoInfo placeNew(RepoId id, boolean isPrivate, Placement placement) throws IOException {
    return new ExclusiveFile(root.resolve(".create.lock"))
        .hold(
            channel -> {
              find(id)
                  .ifPresent(
                      existing -> {
                        throw HubException.conflict(
                            "repository " + existing.id() + " already exists");
                      });
              Path dir = gitDir(id);
              Files.createDirectories(dir.getParent());
              placement.place(dir);
              return new RepoInfo(id, isPrivate);
            });
  }

  /**
   * Deletes the repository {@code id} that was just created and never held a commit (a failed
   * creation).
   */
  void deleteNew(RepoId id) {
    try {
      Path dir = gitDir(id);
      RepositoryCache.unregister(RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED));
      deleteTree(dir);
    } catch (IOException e) {
      throw new StorageException("cannot remove the failed repository " + id, e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }

  private static void initBare(Path dir, boolean isPrivate) throws IOException {
    try (Repository repository =
        RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED).open(false)) {
      repository.create(true);
      StoredConfig config = repository.getConfig();
      config.setBoolean(SECTION, null, PRIVATE, isPrivate);
      config.save();
      // The default branch is main whatever the machine's init.defaultBranch says.
      new RefWriter(repository).link(Constants.HEAD, RefNames.MAIN);
    }
  }

  /** Every repository of {@code type}, in no particular order, whatever its visibility. */
  public List<RepoInfo> list(RepoType type) {
    List<RepoInfo> found = new ArrayList<>();
    Path typeDir = root.resolve(type.plural());
    for (Path namespace : children(typeDir)) {
      for (Path gitDir : children(namespace)) {
        String name = gitDir.getFileName().toString();
        if (name.endsWith(Constants.DOT_GIT) && Files.isDirectory(gitDir)) {
          RepoId.parsePath(type.urlPrefix() + namespace.getFileName() + "/" + name)
              .flatMap(this::find)
              .ifPresent(found::add);
        }
      }
    }
    return found;
  }

  /**
   * Moves the repository {@code id} to {@code trash/{type}/{ns}/{name}.git.{millis}} (never
   * deleting its history, so that an operator can restore it) and returns the refs it had, with
   * their commit ids.
   */
  Map<String, String> moveToTrash(RepoId id, Instant now) {
    try {
      return new ExclusiveFile(root.resolve(".create.lock"))
          .hold(
              channel -> {
                Map<String, String> refs = new TreeMap<>();
                try (Repository repository = open(id)) {
                  for (Ref ref : repository.getRefDatabase().getRefs()) {
                    if (ref.getObjectId() != null) {
                      refs.put(ref.getName(), ref.getObjectId().name());
                    }
                  }
                }
                Path dir = gitDir(id);
                RepositoryCache.unregister(
                    RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED));
                visibility.remove(dir);
                Path trash =
                    root.resolveSibling("trash")
                        .resolve(id.type().plural())
                        .resolve(id.namespace())
                        .resolve(id.name() + Constants.DOT_GIT + "." + now.toEpochMilli());
                Files.createDirectories(trash.getParent());
                Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
                return refs;
              });
    } catch (IOException e) {
      throw new StorageException("cannot delete repository " + id, e);
    }
  }

  private Path gitDir(RepoId id) {
    return root.resolve(id.type().plural())
        .resolve(id.namespace())
        .resolve(id.name() + Constants.DOT_GIT);
  }

  private static Optional<Path> childIgnoringCase(Path dir, String name) {
    Path exact = dir.resolve(name);
    if (Files.isDirectory(exact)) {
      return Optional.of(exact);
    }
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        if (child.getFileName().toString().equalsIgnoreCase(name) && Files.isDirectory(child)) {
          return Optional.of(child);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir, e);
    }
  }
}
