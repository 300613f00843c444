package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock files left by a killed process: a write that meets one is refused as LOCKED (not as a lost
 * race, which callers retry for ever), {@link Storage#lockFiles} lists them, and {@link
 * Storage#removeStaleLocks} removes every kind, after which the writes work again.
 */
class StaleLocksTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).users("alice").repo(MODEL).storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void aLockedBranchAndAccountsAreRefusedAsLockedUntilTheStaleLocksAreRemoved() throws Exception {
    Path repo = data.resolve("repos/models/alice/gpt.git");
    List<Path> locks =
        List.of(
            repo.resolve("HEAD.lock"),
            repo.resolve("config.lock"),
            repo.resolve("index.lock"),
            repo.resolve("packed-refs.lock"),
            repo.resolve("refs/heads/main.lock"),
            data.resolve("admin.git/refs/meta/accounts.lock"));
    for (Path lock : locks) {
      Files.writeString(lock, "left by a killed process\n");
    }

    assertThatThrownBy(this::commit)
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HubException.Kind.LOCKED);
              assertThat(e.getMessage())
                  .isEqualTo("refs/heads/main is locked by another writer; try again later");
            });
    assertThatThrownBy(() -> storage.accounts().createUser("bob"))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.LOCKED));
    assertThat(storage.lockFiles()).containsExactlyInAnyOrderElementsOf(locks);

    assertThat(storage.removeStaleLocks()).containsExactlyInAnyOrderElementsOf(locks);

    assertThat(storage.lockFiles()).isEmpty();
    assertThat(commit().isCommitted()).isTrue();
    storage.accounts().createUser("bob");
    assertThat(storage.accounts().namespace("bob")).hasValue("bob");
  }

  @Test
  void aCommitOnAMovedParentIsStillAMismatchNotALock() {
    String before = storage.contents().resolve(MODEL, "main").orElseThrow().commitId();
    assertThat(commit().isCommitted()).isTrue();

    CommitResult stale =
        storage
            .commits()
            .commit(
                MODEL,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.of(CommitId.parse(before)),
                    List.of(FileChange.put("b.txt", "b".getBytes(StandardCharsets.UTF_8))),
                    "b",
                    new AccountName("alice")));

    assertThat(stale.status()).isEqualTo(CommitResult.Status.PARENT_MISMATCH);
  }

  private CommitResult commit() {
    return TestStorage.commitFile(storage, MODEL, "a.txt", "a", "a", "alice");
  }
}
