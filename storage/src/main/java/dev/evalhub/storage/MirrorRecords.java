package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Mirror records, NoteDb-style, in {@code admin.git} (which the hub never serves): one ref per
 * mirror, {@link RefNames#mirrorRecord refs/meta/mirrors/<id>}, whose commits each hold the whole
 * setting as the git-config file {@code mirror.config} (source, kind, repositories, interval, who
 * and when); every change (added, removed) is one commit, moved by compare-and-set ({@link
 * RefWriter}) and applied again after a lost race. A removed mirror keeps its record, marked
 * removed. Thread-safe.
 */
public final class MirrorRecords implements AutoCloseable {

  /** The file each record commit holds. */
  public static final String FILE = "mirror.config";

  private static final String SECTION = "mirror";

  private final Repository repository;

  MirrorRecords(Path adminGitDir) {
    try {
      this.repository =
          new FileRepositoryBuilder().setGitDir(adminGitDir.toFile()).setBare().build();
      if (!repository.getObjectDatabase().exists()) {
        repository.create(true);
      }
    } catch (IOException | IllegalStateException e) {
      throw new StorageException("cannot open the administrative repository " + adminGitDir, e);
    }
  }

  /**
   * Records the new mirror as its first commit.
   *
   * @throws HubException CONFLICT when a mirror with its id exists already
   */
  public void create(Mirror mirror) {
    try {
      RefWriter.Outcome outcome =
          write(mirror, ObjectId.zeroId(), "Add mirror " + mirror.id() + " of " + mirror.source());
      if (outcome != RefWriter.Outcome.UPDATED) {
        throw HubException.conflict("a mirror with the id " + mirror.id() + " exists already");
      }
    } catch (IOException e) {
      throw new StorageException("cannot record mirror " + mirror.id(), e);
    }
  }

  /** The mirror {@code id} as its record holds it now (removed ones too); empty when none. */
  public Optional<Mirror> get(String id) {
    if (!Mirror.isId(id)) {
      return Optional.empty();
    }
    try {
      return load(id).map(Loaded::mirror);
    } catch (IOException e) {
      throw new StorageException("cannot read mirror " + id, e);
    }
  }

  /** Every mirror recorded, removed ones too, oldest first (ties by id). */
  public List<Mirror> list() {
    try {
      List<Mirror> all = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RefNames.MIRROR_RECORDS)) {
        String id = ref.getName().substring(RefNames.MIRROR_RECORDS.length());
        if (Mirror.isId(id)) {
          load(id).ifPresent(loaded -> all.add(loaded.mirror()));
        }
      }
      all.sort(Comparator.comparing(Mirror::created).thenComparing(Mirror::id));
      return List.copyOf(all);
    } catch (IOException e) {
      throw new StorageException("cannot list the mirrors", e);
    }
  }

  /**
   * Applies {@code change} to the mirror {@code id} as recorded now and records the result as one
   * commit with {@code message}, again after a lost race. Returns the mirror as recorded.
   *
   * @throws HubException NOT_FOUND when there is no such mirror
   */
  public Mirror update(String id, UnaryOperator<Mirror> change, String message) {
    try {
      return RetryPolicy.run(
          () -> {
            Loaded before =
                load(id).orElseThrow(() -> HubException.notFound("no mirror with the id " + id));
            Mirror after = change.apply(before.mirror());
            if (after.equals(before.mirror())) {
              return Optional.of(after);
            }
            return write(after, before.commit(), message).isDone()
                ? Optional.of(after)
                : Optional.empty();
          },
          attempts ->
              new StorageException(
                  "the record of mirror " + id + " stayed busy after " + attempts + " attempts",
                  null));
    } catch (IOException e) {
      throw new StorageException("cannot update mirror " + id, e);
    }
  }

  private record Loaded(Mirror mirror, ObjectId commit) {}

  private Optional<Loaded> load(String id) throws IOException {
    Ref ref = repository.exactRef(RefNames.mirrorRecord(id));
    if (ref == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      try (TreeWalk tree = TreeWalk.forPath(repository, FILE, commit.getTree())) {
        if (tree == null) {
          throw new StorageException("mirror record " + ref.getName() + " has no " + FILE, null);
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
        return Optional.of(new Loaded(parse(ref.getName(), bytes), commit.getId()));
      }
    }
  }

  private RefWriter.Outcome write(Mirror mirror, ObjectId expected, String message)
      throws IOException {
    PersonIdent ident =
        new PersonIdent(
            mirror.actor(),
            mirror.actor() + "@users.evalhub.invalid",
            Instant.now(),
            ZoneOffset.UTC);
    ObjectId commit =
        new TreeBuilder(repository)
            .commit(
                expected.equals(ObjectId.zeroId()) ? null : expected,
                Map.of(FILE, Optional.of(bytes(mirror))),
                ident,
                message);
    return new RefWriter(repository)
        .update(RefNames.mirrorRecord(mirror.id()), expected, commit, ident, message);
  }

  static byte[] bytes(Mirror mirror) {
    Config config = new Config();
    config.setString(SECTION, null, "id", mirror.id());
    config.setString(SECTION, null, "source", mirror.source());
    config.setString(SECTION, null, "kind", mirror.kind().id());
    config.setStringList(
        SECTION, null, "repository", mirror.repositories().stream().map(RepoId::urlPath).toList());
    config.setLong(SECTION, null, "interval-seconds", mirror.interval().toSeconds());
    config.setString(SECTION, null, "actor", mirror.actor());
    config.setString(SECTION, null, "created", mirror.created().toString());
    config.setBoolean(SECTION, null, "removed", mirror.removed());
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  static Mirror parse(String ref, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      List<RepoId> repositories = new ArrayList<>();
      for (String path : config.getStringList(SECTION, null, "repository")) {
        repositories.add(
            RepoId.parsePath(path)
                .orElseThrow(() -> new IllegalArgumentException("bad repository " + path)));
      }
      return new Mirror(
          config.getString(SECTION, null, "id"),
          config.getString(SECTION, null, "source"),
          MirrorKind.parse(config.getString(SECTION, null, "kind"))
              .orElseThrow(() -> new IllegalArgumentException("bad kind")),
          repositories,
          Duration.ofSeconds(config.getLong(SECTION, null, "interval-seconds", 3600)),
          config.getString(SECTION, null, "actor"),
          Instant.parse(config.getString(SECTION, null, "created")),
          config.getBoolean(SECTION, null, "removed", false));
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException(
          "corrupt mirror record " + ref + " in admin.git: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
