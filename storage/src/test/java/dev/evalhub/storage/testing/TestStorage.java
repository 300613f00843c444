package dev.evalhub.storage.testing;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.testing.TestRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * A hub's storage on a test's data folder, with fluent set-up of accounts and repositories as an
 * administrator would make them:
 *
 * <pre>{@code
 * try (TestStorage hub = TestStorage.open(data).users("alice", "bob").repo("alice/gpt")) {
 *   String token = hub.token("alice", Role.WRITE);
 * }
 * }</pre>
 *
 * <p>Closing it closes the storage. Thread-safe as {@link Storage} is.
 */
public final class TestStorage implements AutoCloseable {

  private final Storage storage;

  private TestStorage(Storage storage) {
    this.storage = storage;
  }

  /** Opens (creating when empty) the storage of {@code data} with the default options. */
  public static TestStorage open(Path data) {
    return open(data, StorageOptions.DEFAULT);
  }

  /** Opens (creating when empty) the storage of {@code data} with {@code options}. */
  public static TestStorage open(Path data, StorageOptions options) {
    return new TestStorage(Storage.open(data, options));
  }

  /** The storage. */
  public Storage storage() {
    return storage;
  }

  /** Creates the user accounts {@code names}. */
  public TestStorage users(String... names) {
    for (String name : names) {
      storage.accounts().createUser(name);
    }
    return this;
  }

  /** Creates the organisation {@code name} with {@code members}. */
  public TestStorage org(String name, String... members) {
    storage.accounts().createOrg(name, List.of(members));
    return this;
  }

  /**
   * Creates the public repository {@code path} ({@code owner/name}, {@code datasets/owner/name},
   * ...).
   */
  public TestStorage repo(String path) {
    return repo(path, false);
  }

  /** Creates the repository {@code path}, private or public. */
  public TestStorage repo(String path, boolean isPrivate) {
    return repo(RepoId.parsePath(path).orElseThrow(), isPrivate);
  }

  /** Creates the public repository {@code id}. */
  public TestStorage repo(RepoId id) {
    return repo(id, false);
  }

  /** Creates the repository {@code id}, private or public. */
  public TestStorage repo(RepoId id, boolean isPrivate) {
    storage.createRepository(id, isPrivate);
    return this;
  }

  /** A new access token of {@code user} with {@code role}; returns its secret. */
  public String token(String user, Role role) {
    return storage.accounts().createToken(user, role, "test").secret();
  }

  /**
   * Runs {@code edit} with a {@link TestRepository} over the git repository of {@code id}, then
   * closes it.
   */
  public TestStorage git(RepoId id, Consumer<TestRepository> edit) {
    try (Repository repository = storage.repositories().open(id)) {
      edit.accept(new TestRepository(repository));
    }
    return this;
  }

  /** Writes a blob of {@code content} into the repository {@code id}; returns its id. */
  public ObjectId blob(RepoId id, String content) {
    try (Repository repository = storage.repositories().open(id)) {
      return new TestRepository(repository).blob(content);
    }
  }

  /**
   * Commits {@code content} (UTF-8) as {@code path} on main of {@code id} through {@code storage}'s
   * server-side commit (validated and announced as any commit is), by {@code author} with {@code
   * message}; returns the result, unchecked.
   */
  public static CommitResult commitFile(
      Storage storage, RepoId id, String path, String content, String message, String author) {
    return storage
        .commits()
        .commit(
            id,
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(FileChange.put(path, content.getBytes(StandardCharsets.UTF_8))),
                message,
                new AccountName(author)));
  }

  /**
   * Commits on the tip of {@code ref} (main's when {@code ref} is new) what {@code edit} makes of
   * it, without any of the hub's checks, moves {@code ref} there and appends its ref event as
   * {@code actor}, as a push that skipped validation would; the commit is authored by {@code actor}
   * unless {@code edit} says otherwise. Returns the move.
   */
  public TestRepository.RefMove plant(
      RepoId id, String ref, String actor, UnaryOperator<TestRepository.Commit> edit) {
    try (Repository repository = storage.repositories().open(id)) {
      TestRepository git = new TestRepository(repository);
      TestRepository.Commit commit = git.branch(ref).commit().author(actor);
      if (git.tip(ref).isEmpty()) {
        git.tip(RefNames.MAIN).ifPresent(commit::parent);
      }
      return announce(id, edit.apply(commit).create(), actor);
    }
  }

  /**
   * Points the existing {@code ref} at {@code target} whatever it names (a missing object, a blob),
   * as a crashed disk may leave it, and appends its ref event as {@code actor}. Returns the move.
   */
  public TestRepository.RefMove pointAt(RepoId id, String ref, ObjectId target, String actor) {
    try (Repository repository = storage.repositories().open(id)) {
      return announce(id, new TestRepository(repository).branch(ref).pointAt(target), actor);
    }
  }

  private TestRepository.RefMove announce(RepoId id, TestRepository.RefMove move, String actor) {
    storage
        .events()
        .append(
            List.of(
                new RefEvent.Pending(
                    id,
                    new RefName(move.ref()),
                    CommitId.parse(move.oldId().name()),
                    CommitId.parse(move.newId().name()),
                    new AccountName(actor))));
    return move;
  }

  @Override
  public void close() {
    storage.close();
  }
}
