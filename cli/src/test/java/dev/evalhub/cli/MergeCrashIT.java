package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void mergeInterruptedAfterMainMovedIsCompletedAsMergedAfterRestart(String kind) throws Exception {
    Path data = temp.resolve("data");
    String db = BadTrees.database(kind);
    String alice;
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.accounts().createUser("alice");
      storage.accounts().createUser("bob");
      storage.createRepository(RepoId.parsePath("alice/gpt").orElseThrow(), false);
      alice = storage.accounts().createToken("alice", Role.WRITE, "test").secret();
      String bob = storage.accounts().createToken("bob", Role.WRITE, "test").secret();
      try (HubServer hub = HubServer.start(ServerConfig.forTest(data).withDatabase(db))) {
        openPullRequest("http://x:" + bob + "@127.0.0.1:" + hub.port() + "/alice/gpt");
      }
    }
    try (ServeProcess serve =
        ServeProcess.start(
            data,
            List.of("-Devalhub.test.haltAfterMergeCommit=true"),
            db.isEmpty() ? List.of() : List.of("--db", db))) {
      int port = serve.awaitPort();
      try {
        post("http://127.0.0.1:" + port + "/api/models/alice/gpt/discussions/1/merge", alice);
      } catch (IOException expected) {
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
    HubServer started =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> HubServer.start(ServerConfig.forTest(data).withDatabase(db)));
    try (HubServer restarted = started) {
      details =
          new ObjectMapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      "http://127.0.0.1:"
                                          + restarted.port()
                                          + "/api/models/alice/gpt/discussions/1"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
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

  private void post(String url, String token) throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String git(Path dir, String... args) throws Exception {
    return GitCommand.ok(temp, dir, args);
  }
}
