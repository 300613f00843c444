package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository created empty ({@code "empty": true}) takes an existing history as its first push,
 * validated like every push, with real git over HTTP.
 */
class EmptyRepositoryIT {

  private static final String RESULT =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: %s\n";

  @TempDir Path temp;
  private TestHub hub;
  private HubHttp http;
  private GitCli git;
  private String alice;
  private String bob;

  @BeforeEach
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob");
    http = new HubHttp(hub.baseUrl());
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
    HttpResponse<String> created = create("{\"name\":\"imported\",\"empty\":true}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void firstPushOfAMultiCommitHistoryIsAcceptedAndIndexed() throws Exception {
    Path source = history("20.9", "21.4", "22.0");

    GitCli.Result push =
        git.run(source, "push", hub.gitUrl("alice/imported", alice), "master:main");

    assertThat(push.ok()).as(push.output()).isTrue();
    Path clone = temp.resolve("clone");
    git.ok(temp, "clone", "-q", hub.gitUrl("alice/imported", null), clone.toString());
    assertThat(git.ok(clone, "rev-list", "--count", "HEAD").strip()).isEqualTo("3");
    assertThat(git.ok(clone, "rev-parse", "HEAD")).isEqualTo(git.ok(source, "rev-parse", "HEAD"));
    assertThat(http.get("/api/models/alice/imported?expand[]=evalResults", null).body())
        .contains("22");
  }

  @Test
  void firstPushWithAnInvalidFileAtItsTipIsRefusedAndTheRepositoryStaysEmpty() throws Exception {
    Path source = history("20.9", "\"21.4\"");

    GitCli.Result push =
        git.run(source, "push", hub.gitUrl("alice/imported", alice), "master:main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("remote: error: .eval_results/hle.yaml:4:10: value must be a number");
    assertThat(git.ok(temp, "ls-remote", hub.gitUrl("alice/imported", alice))).isEmpty();
  }

  @Test
  void strangerCannotPushTheFirstHistory() throws Exception {
    GitCli.Result push =
        git.run(history("20.9"), "push", hub.gitUrl("alice/imported", bob), "master:main");

    assertThat(push.output()).contains("(only the writers of alice/imported may push to it)");
    assertThat(git.ok(temp, "ls-remote", hub.gitUrl("alice/imported", alice))).isEmpty();
  }

  @Test
  void pullRequestToAnEmptyRepositoryIsRefusedUntilMainExists() throws Exception {
    GitCli.Result push =
        git.run(history("20.9"), "push", hub.gitUrl("alice/imported", bob), "master:refs/for/main");

    assertThat(push.output())
        .contains("(alice/imported has no commit on main yet: push to main first)");
    HttpResponse<String> prCommit =
        http.send(
            "POST",
            "/api/models/alice/imported/commit/main?create_pr=1",
            bob,
            header() + "\n" + file("notes.md", "x"),
            "Content-Type",
            "application/x-ndjson");
    assertThat(prCommit.statusCode()).isEqualTo(409);
  }

  @Test
  void emptyRepositoryClonesAndReadsAsHavingNoRevisionYet() throws Exception {
    GitCli.Result clone =
        git.run(temp, "clone", hub.gitUrl("alice/imported", null), temp.resolve("c").toString());
    HttpResponse<String> info = http.get("/api/models/alice/imported", null);
    HttpResponse<String> page = http.get("/alice/imported", null);
    HttpResponse<String> history = http.get("/api/models/alice/imported/results/history", null);

    assertThat(clone.ok()).as(clone.output()).isTrue();
    assertThat(clone.output()).contains("empty repository");
    assertThat(info.statusCode()).isEqualTo(404);
    assertThat(info.headers().firstValue("X-Error-Code")).contains("RevisionNotFound");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(history.body()).isEqualTo("{\"repo\":\"alice/imported\",\"results\":[]}");
  }

  @Test
  void commitApiMakesTheFirstCommitOfAnEmptyRepository() throws Exception {
    HttpResponse<String> commit =
        http.send(
            "POST",
            "/api/models/alice/imported/commit/main",
            alice,
            header() + "\n" + file(".eval_results/hle.yaml", RESULT.formatted("20.9")),
            "Content-Type",
            "application/x-ndjson");

    assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
    assertThat(http.get("/api/models/alice/imported/revision/main", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void emptyMustBeABooleanAndTakesNoFiles() throws Exception {
    HttpResponse<String> notBoolean = create("{\"name\":\"a\",\"empty\":\"yes\"}");
    HttpResponse<String> withFiles =
        create(
            "{\"name\":\"b\",\"empty\":true,\"files\":[{\"path\":\"a.txt\","
                + "\"content\":\"eA==\",\"encoding\":\"base64\"}]}");

    assertThat(notBoolean.statusCode()).isEqualTo(400);
    assertThat(notBoolean.body()).contains("\\\"empty\\\" must be true or false");
    assertThat(withFiles.statusCode()).isEqualTo(400);
    assertThat(hub.server().hub().storage().repositories().list()).hasSize(1);
  }

  private HttpResponse<String> create(String body) throws Exception {
    return http.send("POST", "/api/repos/create", alice, body, "Content-Type", "application/json");
  }

  private static String header() {
    return "{\"key\":\"header\",\"value\":{\"summary\":\"First\"}}";
  }

  private static String file(String path, String content) {
    return "{\"key\":\"file\",\"value\":{\"content\":\""
        + Base64.getEncoder().encodeToString(content.getBytes())
        + "\",\"path\":\""
        + path
        + "\",\"encoding\":\"base64\"}}";
  }

  /** A local repository on master with one commit per value of its result file. */
  private Path history(String... values) throws Exception {
    Path source = temp.resolve("source-" + System.nanoTime());
    Files.createDirectories(source.resolve(".eval_results"));
    git.ok(source, "init", "-q", "-b", "master");
    for (String value : values) {
      Files.writeString(source.resolve(".eval_results/hle.yaml"), RESULT.formatted(value));
      git.ok(source, "add", ".");
      git.ok(source, "commit", "-q", "-m", "HLE " + value);
    }
    return source;
  }
}
