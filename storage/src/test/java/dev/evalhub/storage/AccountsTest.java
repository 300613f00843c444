package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.NewToken;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

  @TempDir Path data;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = TestStorage.open(data).storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void createdTokenAuthenticatesItsUserWithItsRole() {
    storage.accounts().createUser("alice");
    NewToken token = storage.accounts().createToken("alice", Role.WRITE, "ci");

    assertThat(token.secret()).startsWith("hf_").hasSize(37);
    assertThat(storage.accounts().authenticate(token.secret()))
        .contains(new Caller("alice", Role.WRITE));
  }

  @Test
  void revokedTokenNoLongerAuthenticates() {
    storage.accounts().createUser("alice");
    NewToken token = storage.accounts().createToken("alice", Role.READ, "laptop");

    assertThat(storage.accounts().revokeToken("alice", token.info().id())).isEqualTo(1);

    assertThat(storage.accounts().authenticate(token.secret())).isEmpty();
  }

  @Test
  void tokenCanBeRevokedByItsSecretOrItsLabel() {
    storage.accounts().createUser("alice");
    NewToken leaked = storage.accounts().createToken("alice", Role.WRITE, "leaked");
    NewToken old = storage.accounts().createToken("alice", Role.WRITE, "old");

    storage.accounts().revokeToken("alice", leaked.secret());
    storage.accounts().revokeToken("alice", "old");

    assertThat(storage.accounts().authenticate(leaked.secret())).isEmpty();
    assertThat(storage.accounts().authenticate(old.secret())).isEmpty();
  }

  @Test
  void namesAreUniqueRegardlessOfCaseAcrossUsersAndOrganisations() {
    storage.accounts().createUser("Alice");

    assertThatThrownBy(() -> storage.accounts().createOrg("ALICE", List.of()))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("taken by \"Alice\"");
  }

  @Test
  void reservedNamespaceCannotBeAUser() {
    assertThatThrownBy(() -> storage.accounts().createUser("datasets"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void organisationMembersAreWritersOfItsNamespace() {
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    storage.accounts().createOrg("acme", List.of("alice"));
    storage.accounts().addMember("acme", "BOB");

    assertThat(storage.accounts().members("acme")).containsExactly("alice", "bob");
    assertThat(storage.accounts().isMember("bob", "acme")).isTrue();
    assertThat(storage.accounts().isMember("bob", "alice")).isFalse();
  }

  @Test
  void secondProcessOnTheSameDataFolderSeesChangesAtOnce() {
    try (Storage other = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(storage.accounts().namespace("carol")).isEmpty();
      other.accounts().createUser("carol");
      NewToken token = other.accounts().createToken("carol", Role.WRITE, "x");

      assertThat(storage.accounts().authenticate(token.secret()))
          .contains(new Caller("carol", Role.WRITE));
    }
  }

  @Test
  void concurrentWritersFromTwoProcessesAllLand() throws Exception {
    try (Storage other = Storage.open(data, StorageOptions.DEFAULT)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String name = "user" + i;
          Storage writer = i % 2 == 0 ? storage : other;
          writes.add(pool.submit(() -> writer.accounts().createUser(name)));
        }
        for (Future<?> write : writes) {
          write.get(); // a writer that gave up fails the test with its own exception
        }
      } finally {
        pool.shutdownNow();
      }
    }

    for (int i = 0; i < 8; i++) {
      assertThat(storage.accounts().namespace("user" + i)).isEqualTo(Optional.of("user" + i));
    }
  }
}
