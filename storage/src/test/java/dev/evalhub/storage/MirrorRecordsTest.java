package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.domain.mirror.MirrorState;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.RepoInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror records in admin.git, their state files, and the read-only mark of a copy. */
class MirrorRecordsTest {

  @TempDir Path temp;

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();

  private static Mirror mirror(String id) {
    return new Mirror(
        id,
        "https://hub.example",
        MirrorKind.API,
        List.of(MODEL, RepoId.parsePath("datasets/alice/bench").orElseThrow()),
        Duration.ofMinutes(90),
        "evalhub",
        Instant.parse("2026-11-30T12:00:00Z"),
        false);
  }

  @Test
  void aRecordReadsBackAsWrittenAndRemovingKeepsIt() {
    try (Storage storage = Storage.open(temp, StorageOptions.DEFAULT)) {
      storage.mirrors().create(mirror("0123456789ab"));

      assertThat(storage.mirrors().get("0123456789ab")).contains(mirror("0123456789ab"));
      assertThatThrownBy(() -> storage.mirrors().create(mirror("0123456789ab")))
          .isInstanceOf(HubException.class)
          .hasMessage("a mirror with the id 0123456789ab exists already");

      storage.mirrors().update("0123456789ab", Mirror::asRemoved, "Remove mirror 0123456789ab");

      assertThat(storage.mirrors().list()).containsExactly(mirror("0123456789ab").asRemoved());
      assertThat(storage.mirrors().get("nope")).isEmpty();
    }
  }

  @Test
  void theStateFileReadsBackAsWritten() {
    try (Storage storage = Storage.open(temp, StorageOptions.DEFAULT)) {
      MirrorState state =
          new MirrorState(
              Optional.of(Instant.parse("2026-11-30T12:00:00Z")),
              Optional.empty(),
              3,
              1,
              List.of(
                  new MirrorState.RepoState(
                      MODEL,
                      Optional.of("a".repeat(40)),
                      Optional.of("b".repeat(40)),
                      Optional.of(Instant.parse("2026-11-30T11:00:00Z")),
                      Optional.of("history rewritten at the source"))));

      storage.mirrorStates().put("0123456789ab", state);

      assertThat(storage.mirrorStates().get("0123456789ab")).isEqualTo(state);
      assertThat(storage.mirrorStates().get("ba9876543210")).isEqualTo(MirrorState.NEW);
    }
  }

  @Test
  void aCopyIsMarkedAndRefusesEveryCommitButItsRefreshes() {
    try (Storage storage = Storage.open(temp, StorageOptions.DEFAULT)) {
      storage.accounts().createUser("alice");
      String origin = "https://hub.example/alice/gpt";
      RepoInfo created =
          storage.createMirrorFromFiles(
              MODEL,
              origin,
              List.of(FileChange.put("README.md", "# gpt\n".getBytes(StandardCharsets.UTF_8))),
              "Mirror of " + origin);
      String head = storage.contents().require(MODEL, "main").commitId();

      assertThat(created.mirrorOf()).contains(origin);
      assertThat(storage.repositories().find(MODEL).orElseThrow().mirrorOf()).contains(origin);
      assertThatThrownBy(
              () ->
                  storage
                      .commits()
                      .commit(
                          MODEL,
                          new CommitRequest(
                              new RefName(RefNames.MAIN),
                              Optional.empty(),
                              List.of(FileChange.put("x.txt", new byte[] {1})),
                              "mine",
                              new AccountName("alice"))))
          .isInstanceOf(HubException.class)
          .hasMessage("alice/gpt is a mirror of " + origin + ": read-only");
      assertThat(
              storage
                  .mirrorCopies()
                  .commitFiles(
                      MODEL,
                      CommitId.parse(head),
                      List.of(
                          FileChange.put(
                              "README.md", "# gpt 2\n".getBytes(StandardCharsets.UTF_8))),
                      "Mirror of " + origin + " at 2")
                  .isCommitted())
          .isTrue();
    }
  }
}
