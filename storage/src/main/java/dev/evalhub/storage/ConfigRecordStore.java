package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Configuration records, NoteDb-style, in {@code admin.git} (in the manner of Gerrit's {@code
 * VersionedMetaData}): one ref per record, whose commits each hold the whole record as one
 * git-config file that its {@link ConfigRecordCodec codec} spells; every change is one commit by
 * the account that made it, moved by compare-and-set ({@link RefWriter}) and, after a lost race,
 * applied again to the record as the winner left it. A record is never removed: removing is a
 * change that marks it. Thread-safe.
 *
 * @param <K> the record's id
 * @param <T> the record, an immutable value
 */
public abstract sealed class ConfigRecordStore<K, T> implements AutoCloseable
    permits MirrorRecords, WebhookRecords, JobRecords {

  private final Repository repository;
  private final ConfigRecordCodec<K, T> codec;

  ConfigRecordStore(Path adminGitDir, ConfigRecordCodec<K, T> codec) {
    this.codec = codec;
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
   * Records the new {@code record} as the first commit of its ref.
   *
   * @throws HubException CONFLICT ("a NOUN with the id ID exists already") when its ref exists
   */
  public final void create(T record) {
    K id = codec.idOf(record);
    try {
      RefWriter.Outcome outcome = write(record, ObjectId.zeroId(), codec.createMessage(record));
      if (outcome != RefWriter.Outcome.UPDATED) {
        throw HubException.conflict("a " + codec.noun + " with the id " + id + " exists already");
      }
    } catch (IOException e) {
      throw new StorageException("cannot record " + codec.noun + " " + id, e);
    }
  }

  /** The record {@code id} as its ref holds it now (removed ones too); empty when none. */
  public final Optional<T> get(K id) {
    try {
      return valid(id) ? load(id).map(Loaded::record) : Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + codec.noun + " " + id, e);
    }
  }

  /** Every record, removed ones too, oldest first (by creation time, ties by id). */
  public final List<T> list() {
    try {
      List<T> all = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(codec.refPrefix)) {
        Optional<K> id = codec.id(ref.getName().substring(codec.refPrefix.length()));
        if (id.isPresent()) {
          load(id.get()).ifPresent(loaded -> all.add(loaded.record()));
        }
      }
      all.sort(
          Comparator.comparing(codec::created)
              .thenComparing(record -> codec.text(codec.idOf(record))));
      return List.copyOf(all);
    } catch (IOException e) {
      throw new StorageException("cannot list the " + codec.noun + "s", e);
    }
  }

  /**
   * Applies {@code change} to the record {@code id} as recorded now and records the result as one
   * commit with {@code message}; when another writer moved the record first, applies it again to
   * what that writer left. {@code change} may throw (a {@link HubException}) to refuse; it may run
   * more than once. Returns the record as recorded (unchanged when {@code change} changed nothing,
   * which writes no commit). Reaches the codec's {@link ConfigRecordCodec#updateCrashPoint() crash
   * point} first, if it has one.
   *
   * @throws HubException NOT_FOUND ("no NOUN with the id ID") when there is no such record
   * @throws IllegalArgumentException when {@code change} returns a record with another id
   */
  public final T update(K id, UnaryOperator<T> change, String message) {
    codec.updateCrashPoint().ifPresent(CrashPoint::reached);
    try {
      return RetryPolicy.run(
          () -> {
            Loaded<T> before =
                (valid(id) ? load(id) : Optional.<Loaded<T>>empty())
                    .orElseThrow(
                        () -> HubException.notFound("no " + codec.noun + " with the id " + id));
            T after = change.apply(before.record());
            if (after.equals(before.record())) {
              return Optional.of(after);
            }
            if (!codec.idOf(after).equals(id)) {
              throw new IllegalArgumentException("a change cannot rename " + codec.noun + " " + id);
            }
            return write(after, before.commit(), message).isDone()
                ? Optional.of(after)
                : Optional.empty();
          },
          attempts ->
              new StorageException(
                  "the record of "
                      + codec.noun
                      + " "
                      + id
                      + " stayed busy after "
                      + attempts
                      + " attempts",
                  null));
    } catch (IOException e) {
      throw new StorageException("cannot update " + codec.noun + " " + id, e);
    }
  }

  /** The bytes of the file that holds {@code record}: what the record's commit writes. */
  final byte[] bytes(T record) {
    Config config = new Config();
    codec.write(record, config);
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record the file {@code bytes} of the ref {@code ref} holds.
   *
   * @throws StorageException ("corrupt NOUN record REF in admin.git: ...") when it does not parse
   */
  final T parse(String ref, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      return codec.read(config);
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException(
          "corrupt " + codec.noun + " record " + ref + " in admin.git: " + e.getMessage(), e);
    }
  }

  private record Loaded<T>(T record, ObjectId commit) {}

  private boolean valid(K id) {
    return id != null && codec.id(codec.text(id)).isPresent();
  }

  private Optional<Loaded<T>> load(K id) throws IOException {
    Ref ref = repository.exactRef(codec.ref(id));
    if (ref == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      try (TreeWalk tree = TreeWalk.forPath(repository, codec.file, commit.getTree())) {
        if (tree == null) {
          throw new StorageException(
              codec.noun + " record " + ref.getName() + " has no " + codec.file, null);
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
        return Optional.of(new Loaded<>(parse(ref.getName(), bytes), commit.getId()));
      }
    }
  }

  private RefWriter.Outcome write(T record, ObjectId expected, String message) throws IOException {
    String author = codec.author(record);
    PersonIdent ident =
        new PersonIdent(
            author, author + "@users.evalhub.invalid", codec.time(record), ZoneOffset.UTC);
    ObjectId commit =
        new TreeBuilder(repository)
            .commit(
                expected.equals(ObjectId.zeroId()) ? null : expected,
                Map.of(codec.file, Optional.of(bytes(record))),
                ident,
                message);
    return new RefWriter(repository)
        .update(codec.ref(codec.idOf(record)), expected, commit, ident, message);
  }

  @Override
  public final void close() {
    repository.close();
  }
}
