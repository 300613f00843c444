package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Role;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.GitCli;
import dev.evalhub.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A merge is two durable steps (main moves, then the record says merged). The packaged {@code
 * evalhub serve} is halted between them, as a power cut would, and a restarted hub on the same data
 * folder completes the record.
 */
@Tag("hostile")
class MergeCrashIT {

  private static final String RESULT =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  @TempDir Path temp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void mergeInterruptedAfterMainMovedIsCompletedAsMergedAfterRestart(String kind) throws Exception {
    Path data = temp.resolve("data");
    String db = TestDatabases.forKind(kind);
    String alice;
    try (TestStorage storage = TestStorage.open(data).users("alice", "bob").repo("alice/gpt")) {
      alice = storage.token("alice", Role.WRITE);
      String bob = storage.token("bob", Role.WRITE);
      try (TestHub hub = new TestHub(ServerConfig.forTest(data).withDatabase(db))) {
        openPullRequest(hub.gitUrl("alice/gpt", bob));
      }
    }
    try (ServeProcess serve =
        ServeProcess.start(
            data,
            List.of("-Devalhub.test.haltAfterMergeCommit=true"),
            db.isEmpty() ? List.of() : List.of("--db", db))) {
      int port = serve.awaitPort();
      try {
        new HubApi("http://127.0.0.1:" + port)
            .post("/api/models/alice/gpt/discussions/1/merge", alice);
      } catch (IllegalStateException expected) {
        // The server halts in the middle of the request: no answer is the point.
      }
      assertThat(serve.awaitExit()).isEqualTo(1);
    }
    Path repo = data.resolve("repos/models/alice/gpt.git");
    String recordAfterCrash = git(repo, "show", "refs/meta/pr/1:pull-request.json");
    String mainAfterCrash = git(repo, "log", "-1", "--format=%an %s", "refs/heads/main");

    JsonNode details;
    // The repair appends an event, which ingestion applies: it runs before ingestion starts, never
    // inside it
    // (where, on PostgreSQL, it waited for the row lock of the ingestion around it, for ever).
    TestHub started =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> new TestHub(ServerConfig.forTest(data).withDatabase(db)));
    try (TestHub restarted = started) {
      details = restarted.api().get("/api/models/alice/gpt/discussions/1", null).json();
    }

    assertThat(mainAfterCrash.strip()).isEqualTo("alice Merge pull request #1: Add HLE result");
    assertThat(recordAfterCrash).contains("\"status\" : \"open\"");
    assertThat(details.get("status").asText()).isEqualTo("merged");
    assertThat(details.at("/changes/mergeCommitId").asText())
        .isEqualTo(git(repo, "rev-parse", "refs/heads/main").strip());
    assertThat(details.get("events"))
        .extracting(e -> e.get("type").asText() + " by " + e.at("/author/name").asText())
        .containsExactly(
            "comment by bob", "commit by bob", "merge by alice", "status-change by alice");
    assertThat(git(repo, "rev-list", "--count", "refs/heads/main").strip()).isEqualTo("2");
  }

  private void openPullRequest(String url) throws Exception {
    Path clone = temp.resolve("clone");
    git(temp, "clone", "-q", url, clone.toString());
    Files.createDirectories(clone.resolve(".eval_results"));
    Files.writeString(clone.resolve(".eval_results/hle.yaml"), RESULT);
    git(clone, "add", ".");
    git(
        clone,
        "-c",
        "user.name=Bob",
        "-c",
        "user.email=bob@example.invalid",
        "commit",
        "-q",
        "-m",
        "Add HLE result");
    git(clone, "push", "-q", "origin", "HEAD:refs/for/main");
  }

  private String git(Path dir, String... args) {
    return new GitCli(temp.resolve("home")).ok(dir, args);
  }
}
