package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.index.Index;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.GitCli;
import dev.evalhub.testing.IndexTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged server is halted ({@code Runtime.halt}, as {@code kill -9} or a power cut would) at
 * every step of a git push, a server-side commit and a merge, right after one acknowledged write of
 * the same kind. After a restart: the acknowledged write is there, the interrupted one is there
 * exactly when its ref had moved (a merge is then completed), no ref is locked and the next write
 * works, the index equals a rebuild row for row, and {@code git fsck --strict} is clean.
 */
@Tag("hostile")
class CrashIT {

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();

  @TempDir Path temp;
  private String alice;
  private String bob;

  @ParameterizedTest(name = "{0} halted at {1}")
  @CsvSource({
    "push, push-validated@2, false",
    "push, push-ref-updated@2, true",
    "push, event-appended@2, true",
    "push, event-ingested@2, true",
    "commit, commit-objects-inserted@2, false",
    "commit, commit-ref-updated@2, true",
    "commit, event-appended@2, true",
    "commit, event-ingested@2, true",
    "merge, merge-commit-inserted@2, false",
    "merge, merge-ref-updated@2, true",
    "merge, event-appended@3, true",
    "merge, event-ingested@3, true",
    "merge, merge-main-moved@2, true",
    "merge, record-ref-updated@2, true",
    "merge, event-appended@4, true"
  })
  void aKillAtAnyStepLosesNoAcknowledgedWriteAndLeavesAConsistentHub(
      String operation, String step, boolean interruptedWriteLands) throws Exception {
    Path data = temp.resolve("data");
    setUp(data, operation);

    try (ServeProcess hub = ServeProcess.start(data, "-Devalhub.test.haltAt=" + step)) {
      write(hub.baseUrl(), operation, 1);
      assertThatThrownBy(() -> write(hub.baseUrl(), operation, 2)).isInstanceOf(Throwable.class);
      assertThat(hub.awaitExit()).isEqualTo(1);
      assertThat(hub.output())
          .contains("evalhub: halting at " + step.substring(0, step.indexOf('@')));
    }

    try (TestHub restarted = new TestHub(data)) {
      HubServer hub = restarted.server();
      assertThat(landed(hub.hub().storage(), operation, 1)).as("the acknowledged write").isTrue();
      assertThat(landed(hub.hub().storage(), operation, 2))
          .as("the interrupted write")
          .isEqualTo(interruptedWriteLands);
      assertThat(hub.hub().storage().lockFiles()).isEmpty();
      List<String> incremental = dump(data);
      hub.hub().index().ingestion().reindex(ReindexProgress.NONE);
      assertThat(dump(data)).containsExactlyElementsOf(incremental);
      assertThat(
              TestStorage.commitFile(
                      hub.hub().storage(), MODEL, "after.txt", "after", "after the crash", "alice")
                  .isCommitted())
          .isTrue();
    }
    for (Path gitDir :
        List.of(data.resolve("repos/models/alice/gpt.git"), data.resolve("admin.git"))) {
      assertThat(git(gitDir, "fsck", "--strict").exitCode())
          .as("git fsck --strict " + gitDir)
          .isZero();
    }
  }

  private void setUp(Path data, String operation) {
    try (TestStorage hub = TestStorage.open(data).users("alice", "bob").repo(MODEL)) {
      Storage storage = hub.storage();
      alice = hub.token("alice", Role.WRITE);
      bob = hub.token("bob", Role.WRITE);
      if (operation.equals("merge")) {
        for (int n = 1; n <= 2; n++) {
          assertThat(
                  storage
                      .pullRequestCommits()
                      .open(
                          MODEL,
                          "bob",
                          new CommitRequest(
                              RefName.branch("main"),
                              Optional.empty(),
                              List.of(FileChange.put(file(n), bytes(result(n)))),
                              "Result " + n,
                              new AccountName("bob")))
                      .commit()
                      .isCommitted())
              .isTrue();
        }
      }
    }
  }

  /** Write {@code n} of {@code operation}; throws when the server gives no (or a failed) answer. */
  private void write(String baseUrl, String operation, int n) throws Exception {
    switch (operation) {
      case "push" -> {
        Path clone = temp.resolve("clone");
        if (!Files.exists(clone)) {
          require(
              git(
                  temp,
                  "clone",
                  "-q",
                  baseUrl.replace("http://", "http://x:" + alice + "@") + "/alice/gpt",
                  clone.toString()));
        }
        Files.createDirectories(clone.resolve(".eval_results"));
        Files.writeString(clone.resolve(file(n)), result(n));
        require(git(clone, "add", "."));
        require(
            git(
                clone,
                "-c",
                "user.name=Alice",
                "-c",
                "user.email=alice@example.invalid",
                "commit",
                "-q",
                "-m",
                "Result " + n));
        require(git(clone, "push", "-q", "origin", "HEAD:main"));
      }
      case "commit" -> {
        String body =
            "{\"key\":\"header\",\"value\":{\"summary\":\"Result "
                + n
                + "\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"content\":\""
                + Base64.getEncoder().encodeToString(bytes(result(n)))
                + "\",\"path\":\""
                + file(n)
                + "\",\"encoding\":\"base64\"}}";
        requireOk(
            new HubApi(baseUrl)
                .post("/api/models/alice/gpt/commit/main", alice, "application/x-ndjson", body));
      }
      case "merge" ->
          requireOk(
              new HubApi(baseUrl).post("/api/models/alice/gpt/discussions/" + n + "/merge", alice));
      default -> throw new IllegalArgumentException(operation);
    }
  }

  private static boolean landed(Storage storage, String operation, int n) {
    if (operation.equals("merge")) {
      return storage.pullRequests().get(MODEL, new PrNumber(n)).status() == PrStatus.MERGED;
    }
    return storage
        .contents()
        .resolve(MODEL, "main")
        .flatMap(main -> storage.contents().file(MODEL, main.commitId(), file(n)))
        .isPresent();
  }

  private static void requireOk(HubApi.Response response) {
    if (response.status() != 200) {
      throw new IllegalStateException(response.status() + " " + response.body());
    }
  }

  private static void require(GitCli.Result run) {
    if (run.exitCode() != 0) {
      throw new IllegalStateException(run.output());
    }
  }

  private static String file(int n) {
    return ".eval_results/r" + n + ".yaml";
  }

  private static String result(int n) {
    return "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: " + (20 + n) + ".5\n";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Every row of the index tables but the keys', as text (the H2 index shares its file while
   * served).
   */
  private static List<String> dump(Path data) {
    return IndexTables.at(Index.defaultUrl(data)).without("verification_keys").dump();
  }

  private GitCli.Result git(Path dir, String... args) {
    return new GitCli(temp.resolve("home")).run(dir, args);
  }
}
