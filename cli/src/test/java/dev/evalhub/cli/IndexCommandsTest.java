package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.index.HubKeys;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandsTest {

  @TempDir Path data;

  @Test
  void keysCreateWritesAnOwnerOnlyKeyOnce() throws Exception {
    CommandRun first =
        CommandRun.of(
            "keys", "create", "--data", data.toString(), "--issuer", "https://hub.example");
    CommandRun second = CommandRun.of("keys", "create", "--data", data.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    String kid = first.out().split(" ")[3];
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(HubKeys.keyFile(data, kid))))
        .isEqualTo("rw-------");
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.err())
        .contains("has an active signing key already (" + kid + ")")
        .contains("evalhub keys rotate");
  }

  @Test
  void revokeTakesAKeyIdThatStartsWithADash() {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage
          .hubKeys()
          .add(
              HubKeyRecord.active(
                  "-dash_kid",
                  "evalhub",
                  "Wdh_41-eq4aOPcp5JyEir5YZB3Rg7lRK05qpcjvtwjE",
                  Instant.now(),
                  "evalhub"));
    }

    CommandRun revoke = CommandRun.of("keys", "revoke", "-dash_kid", "--data", data.toString());

    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("revoked key -dash_kid at ");
  }

  @Test
  void signAddsAVerifyTokenToEveryEntry() throws Exception {
    CommandRun.of("keys", "create", "--data", data.toString());
    Path file = data.resolve("r.yaml");
    Files.writeString(
        file,
        "- dataset:\n    id: a/b\n    task_id: t\n  value: 1\n"
            + "- dataset:\n    id: a/b\n    task_id: u\n  value: 2\n");

    CommandRun signed =
        CommandRun.of("sign", "--data", data.toString(), "--model", "alice/gpt", file.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(Files.readString(file).split("verifyToken: ey", -1)).hasSize(3);
  }

  @Test
  void reindexRebuildsTheDemoHubAndPrintsASummary() {
    DemoHub.prepareKey(data);
    try (TestHub hub = new TestHub(data)) {
      DemoHub.seed(hub.server().hub());
      DemoHub.seed(hub.server().hub());
      assertThat(hub.server().hub().index().benchmarks()).hasSize(7);
      dev.evalhub.domain.leaderboard.BenchmarkInfo gpqa =
          hub.server()
              .hub()
              .index()
              .benchmark(
                  dev.evalhub.domain.RepoId.parsePath("datasets/demo/gpqa-diamond").orElseThrow())
              .orElseThrow();
      assertThat(
              hub.server()
                  .hub()
                  .index()
                  .leaderboard(gpqa.ref(gpqa.task(Optional.empty())), true)
                  .entries())
          .anyMatch(e -> e.verdict().verified());
    }

    CommandRun reindex = CommandRun.of("reindex", "--data", data.toString());

    assertThat(reindex.exitCode()).as(reindex.err()).isZero();
    assertThat(reindex.out()).contains("reindexed 16 repositories: 7 benchmarks, 17 results");
    assertThat(reindex.err()).contains("16/16 repositories");
  }
}
