package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's key records: one commit per change on the keys' branch of admin.git, seen by every
 * process.
 */
class HubKeyRecordsTest {

  private static final String X = "Wdh_41-eq4aOPcp5JyEir5YZB3Rg7lRK05qpcjvtwjE";

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
  void aRecordedKeyIsReadBackByAnotherStorageOfTheSameFolder() {
    String before = storage.hubKeys().version();
    HubKeyRecord key =
        HubKeyRecord.active(
            "kid-1", "https://hub.example", X, Instant.parse("2026-11-30T09:00:00Z"), "evalhub");

    storage.hubKeys().add(key);

    try (Storage other = Storage.open(data, StorageOptions.DEFAULT)) {
      assertThat(other.hubKeys().list()).containsExactly(key);
      assertThat(other.hubKeys().version())
          .isNotEqualTo(before)
          .isEqualTo(storage.hubKeys().version());
    }
  }

  @Test
  void revokingRecordsWhenAndWhoAndKeepsTheHistoryInGit() throws Exception {
    storage.hubKeys().add(HubKeyRecord.active("kid-1", "evalhub", X, Instant.now(), "evalhub"));

    HubKeyRecord revoked = storage.hubKeys().revoke("kid-1", "alice");

    assertThat(revoked.isActive()).isFalse();
    assertThat(revoked.revokedBy()).contains("alice");
    assertThat(storage.hubKeys().find("kid-1")).contains(revoked);
    try (Repository admin =
            new FileRepositoryBuilder().setGitDir(data.resolve("admin.git").toFile()).build();
        RevWalk walk = new RevWalk(admin)) {
      RevCommit head = walk.parseCommit(admin.resolve(RefNames.KEYS));
      assertThat(head.getShortMessage()).isEqualTo("Revoke key kid-1");
      assertThat(head.getAuthorIdent().getName()).isEqualTo("alice");
      assertThat(walk.parseCommit(head.getParent(0)).getShortMessage())
          .isEqualTo("Add key kid-1 of evalhub");
    }
  }

  @Test
  void aSecondKeyWithTheSameKidAnUnknownKidAndASecondRevocationAreRefused() {
    storage.hubKeys().add(HubKeyRecord.active("kid-1", "evalhub", X, Instant.now(), "evalhub"));
    storage.hubKeys().revoke("kid-1", "evalhub");
    String version = storage.hubKeys().version();

    assertThatThrownBy(
            () ->
                storage
                    .hubKeys()
                    .add(HubKeyRecord.active("kid-1", "evalhub", X, Instant.now(), "evalhub")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("exists already");
    assertThatThrownBy(() -> storage.hubKeys().revoke("kid-2", "evalhub"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("no key with the id \"kid-2\"");
    assertThatThrownBy(() -> storage.hubKeys().revoke("kid-1", "evalhub"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("revoked already");
    assertThat(storage.hubKeys().version()).as("nothing changed").isEqualTo(version);
  }

  @Test
  void keyIdsThatCouldNameAnotherFileAreRefused() {
    for (String kid : new String[] {"../x", "a/b", "", "a b", "k".repeat(65)}) {
      assertThatThrownBy(() -> HubKeyRecord.active(kid, "evalhub", X, Instant.now(), "evalhub"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("base64url");
    }
    assertThat(storage.hubKeys().find("../x")).isEqualTo(Optional.empty());
  }
}
