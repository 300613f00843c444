package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert;

/**
 * A real data folder for the service tests: users alice (writer of her namespace) and bob (a
 * stranger to it), alice's public model {@code alice/gpt} and private model {@code alice/secret},
 * each with a README on main; and the callers the permission rules tell apart. Not thread-safe.
 */
final class ServiceFixture implements AutoCloseable {

  static final RepoId PUBLIC = new RepoId(RepoType.MODEL, "alice", "gpt");
  static final RepoId PRIVATE = new RepoId(RepoType.MODEL, "alice", "secret");
  static final Optional<Caller> ANONYMOUS = Optional.empty();
  static final Caller WRITER = new Caller("alice", Role.WRITE);
  static final Caller READ_TOKEN = new Caller("alice", Role.READ);
  static final Caller STRANGER = new Caller("bob", Role.WRITE);
  static final Caller STRANGER_READ_TOKEN = new Caller("bob", Role.READ);

  final Storage storage;
  final EvalHub hub;

  ServiceFixture(Path data) {
    storage = Storage.open(data, StorageOptions.DEFAULT);
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    hub = new EvalHub(storage, null);
    for (RepoId repo : List.of(PUBLIC, PRIVATE)) {
      storage.createRepository(repo, repo.equals(PRIVATE));
      commit(repo, "main", "README.md", "# " + repo.name() + "\n");
    }
  }

  /**
   * Commits {@code path} with {@code text} on {@code branch} of {@code repo} as alice; returns the
   * commit id.
   */
  String commit(RepoId repo, String branch, String path, String text) {
    return storage
        .commits()
        .commit(
            repo,
            new CommitRequest(
                RefName.branch(branch),
                Optional.empty(),
                List.of(FileChange.put(path, text.getBytes(StandardCharsets.UTF_8))),
                "Add " + path,
                new AccountName("alice")))
        .commitId()
        .orElseThrow();
  }

  /** Commits {@code path} with {@code text} on main of {@code repo} as its namespace's user. */
  String commitAs(RepoId repo, String path, String text) {
    return storage
        .commits()
        .commit(
            repo,
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(FileChange.put(path, text.getBytes(StandardCharsets.UTF_8))),
                "Add " + path,
                new AccountName(repo.namespace())))
        .commitId()
        .orElseThrow();
  }

  static FileChange file(String path, String text) {
    return FileChange.put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Caller> as(Caller caller) {
    return Optional.of(caller);
  }

  static void assertRefused(ThrowableAssert.ThrowingCallable call, HubException.Kind kind) {
    assertThatThrownBy(call)
        .isInstanceOf(HubException.class)
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(kind);
  }

  @Override
  public void close() {
    storage.close();
  }
}
