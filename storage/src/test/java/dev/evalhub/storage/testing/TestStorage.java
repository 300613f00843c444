package dev.evalhub.storage.testing;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.testing.TestRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Repository;

/**
 * A hub's storage on a test's data folder, with fluent set-up of accounts and repositories as an administrator
 * would make them:
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
    return new TestStorage(Storage.open(data, StorageOptions.DEFAULT));
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

  /** Creates the public repository {@code path} ({@code owner/name}, {@code datasets/owner/name}, ...). */
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
    storage.createRepository(id, isPrivate, Optional.empty());
    return this;
  }

  /** A new access token of {@code user} with {@code role}; returns its secret. */
  public String token(String user, Role role) {
    return storage.accounts().createToken(user, role, "test").secret();
  }

  /** Runs {@code edit} with a {@link TestRepository} over the git repository of {@code id}, then closes it. */
  public TestStorage git(RepoId id, Consumer<TestRepository> edit) {
    try (Repository repository = storage.repositories().open(id)) {
      edit.accept(new TestRepository(repository));
    }
    return this;
  }

  @Override
  public void close() {
    storage.close();
  }
}
