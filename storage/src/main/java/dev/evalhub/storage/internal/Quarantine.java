package dev.evalhub.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Where the objects of one write wait until the write is accepted, as git's own receive-pack
 * quarantines a push: a fresh object directory {@code objects/tmp_objdir-incoming-*} of the
 * repository, seen through a second {@link Repository} that shares the real one's refs and
 * configuration, writes its new objects (a received pack, a server-side commit's blobs, trees and
 * commit) into the quarantine, and reads every existing object through the real object directory as
 * an alternate. {@link #land} links the objects into the real object directory (no copy; a pack's
 * index last, so that no reader sees an index without its pack), under a per-repository lock that
 * also applies the size quota; {@link #close} deletes the quarantine, so that the objects of a
 * refused write never stay. Quarantines left by a crash are deleted after a day by the next one.
 * Not thread-safe; one per write.
 */
public final class Quarantine implements AutoCloseable {

  /** The name git gives its own quarantines; git's tools know to ignore these folders. */
  static final String PREFIX = "tmp_objdir-incoming-";

  private static final Duration STALE = Duration.ofDays(1);

  private final Repository target;
  private final Path objects;
  private final Path dir;
  private final FileRepository repository;
  private boolean closed;

  private Quarantine(Repository target, Path objects, Path dir, FileRepository repository) {
    this.target = target;
    this.objects = objects;
    this.dir = dir;
    this.repository = repository;
  }

  /** A new, empty quarantine for {@code target}, a file repository. */
  public static Quarantine open(Repository target) throws IOException {
    Path objects = objectsOf(target);
    removeStale(objects);
    Path dir = Files.createTempDirectory(objects, PREFIX);
    try {
      Files.createDirectories(dir.resolve("pack"));
      FileRepository repository =
          (FileRepository)
              new FileRepositoryBuilder()
                  .setGitDir(target.getDirectory())
                  .setBare()
                  .setObjectDirectory(dir.toFile())
                  .addAlternateObjectDirectory(objects.toFile())
                  .setMustExist(true)
                  .build();
      return new Quarantine(target, objects, dir, repository);
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * The repository to write through: the real refs, objects written here, existing objects read
   * from the real one.
   */
  public Repository repository() {
    return repository;
  }

  /** The bytes the quarantine holds: what landing would add to the repository at most. */
  public long bytes() throws IOException {
    return RepositorySize.bytesBelow(dir);
  }

  /**
   * Lands the quarantined objects in the real object directory unless the repository would then
   * hold more than {@code maxRepoBytes} (0: no limit) in {@code objects/}; returns the refusal,
   * which names {@code repoName}, or empty once landed. A write that brings no new object always
   * lands. Safe against concurrent writes to the same repository, from this process or another.
   */
  public Optional<String> land(long maxRepoBytes, String repoName) throws IOException {
    return new ExclusiveFile(target.getDirectory().toPath().resolve("evalhub-objects.lock"))
        .hold(
            channel -> {
              long adding = bytes();
              if (adding == 0) {
                return Optional.empty();
              }
              if (maxRepoBytes > 0) {
                long holding = RepositorySize.objectBytes(target);
                if (holding + adding > maxRepoBytes) {
                  return Optional.of(
                      RepositorySize.refusal(repoName, holding, adding, maxRepoBytes));
                }
              }
              linkAll();
              return Optional.empty();
            });
  }

  private void linkAll() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".keep"))
              .sorted(Comparator.comparing(Quarantine::landingOrder))
              .toList();
    }
    for (Path file : files) {
      Path destination = objects.resolve(dir.relativize(file).toString());
      Files.createDirectories(destination.getParent());
      try {
        Files.createLink(destination, file);
      } catch (FileAlreadyExistsException e) {
        // The same object or pack (named by its content) is there already: nothing to add.
      } catch (UnsupportedOperationException | IOException e) {
        if (Files.exists(destination)) {
          continue;
        }
        Path temporary = destination.resolveSibling(destination.getFileName() + ".landing");
        Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /**
   * Loose objects and packs first, a pack's index last: JGit and git only read a pack that has its
   * index.
   */
  private static int landingOrder(Path file) {
    return file.getFileName().toString().endsWith(".idx") ? 1 : 0;
  }

  /**
   * Closes the quarantine's repository and deletes the quarantine (landed objects stay where they
   * landed).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    repository.close();
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the quarantine " + dir, e);
    }
  }

  static Path objectsOf(Repository repository) {
    if (!(repository instanceof FileRepository file)) {
      throw new IllegalArgumentException(
          "only file repositories have a quarantine, got " + repository);
    }
    return file.getObjectsDirectory().toPath();
  }

  private static void removeStale(Path objects) throws IOException {
    Instant before = Instant.now().minus(STALE);
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> children = Files.list(objects)) {
      children.filter(c -> c.getFileName().toString().startsWith(PREFIX)).forEach(stale::add);
    }
    for (Path dir : stale) {
      try {
        FileTime modified = Files.getLastModifiedTime(dir);
        if (modified.toInstant().isBefore(before)) {
          deleteTree(dir);
        }
      } catch (IOException e) {
        // Another process removed it first, or it is in use: the next write tries again.
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
