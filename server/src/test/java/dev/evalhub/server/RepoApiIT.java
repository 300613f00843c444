package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoApiIT {

  @TempDir Path temp;
  private TestHub hub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startHub() {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob").org("acme", "alice");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HttpResponse<String> create(String token, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/api/repos/create"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("{\"status\":\"ok\",\"live\":true,\"ready\":true,");
  }

  @Test
  void writerCreatesAModelInTheirOwnNamespace() throws Exception {
    HttpResponse<String> response = create(hub.token("alice", Role.WRITE), "{\"name\":\"gpt\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"url\":\"" + hub.baseUrl() + "/alice/gpt\"");
    assertThat(
            hub.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("alice/gpt").orElseThrow()))
        .hasValueSatisfying(repo -> assertThat(repo.isPrivate()).isFalse());
  }

  @Test
  void memberCreatesAPrivateDatasetInTheOrganisation() throws Exception {
    HttpResponse<String> response =
        create(
            hub.token("alice", Role.WRITE),
            "{\"name\":\"bench\",\"organization\":\"acme\",\"type\":\"dataset\",\"private\":true}");

    assertThat(response.body()).contains("\"url\":\"" + hub.baseUrl() + "/datasets/acme/bench\"");
    assertThat(
            hub.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("datasets/acme/bench").orElseThrow())
                .orElseThrow()
                .isPrivate())
        .isTrue();
  }

  @Test
  void existingNameIsAConflictWithAJsonError() throws Exception {
    String token = hub.token("alice", Role.WRITE);
    create(token, "{\"name\":\"gpt\"}");

    HttpResponse<String> again = create(token, "{\"name\":\"GPT\"}");

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(again.body()).isEqualTo("{\"error\":\"repository alice/gpt already exists\"}");
    assertThat(again.headers().firstValue("X-Error-Code")).contains("Conflict");
    assertThat(again.headers().firstValue("X-Error-Message"))
        .contains("repository alice/gpt already exists");
    assertThat(again.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void strangerCannotCreateInAnOrganisation() throws Exception {
    HttpResponse<String> response =
        create(hub.token("bob", Role.WRITE), "{\"name\":\"x\",\"organization\":\"acme\"}");

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void readTokenCannotCreate() throws Exception {
    assertThat(create(hub.token("alice", Role.READ), "{\"name\":\"x\"}").statusCode())
        .isEqualTo(403);
  }

  @Test
  void creatingWithoutATokenAsksForOne() throws Exception {
    HttpResponse<String> response = create(null, "{\"name\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Basic realm=\"evalhub\"");
  }

  @Test
  void filesOfTheBodyLandInTheFirstCommitAndAnInvalidOneRefusesTheCreation() throws Exception {
    String token = hub.token("alice", Role.WRITE);
    String quoted =
        Base64.getEncoder()
            .encodeToString(
                "- dataset:\n    id: a/b\n    task_id: t\n  value: \"1\"\n"
                    .getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> created =
        create(
            token,
            "{\"name\":\"seeded\",\"files\":[{\"path\":\"a.txt\","
                + "\"content\":\"aGk=\",\"encoding\":\"base64\"}]}");
    HttpResponse<String> refused =
        create(
            token,
            "{\"name\":\"bad\",\"files\":[{\"path\":\".eval_results/r.yaml\","
                + "\"content\":\""
                + quoted
                + "\",\"encoding\":\"base64\"}]}");

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(hub.baseUrl() + "/alice/seeded/resolve/main/a.txt"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .isEqualTo("hi");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains(".eval_results/r.yaml:4:10:");
    assertThat(
            hub.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("alice/bad").orElseThrow()))
        .isEmpty();
  }

  @Test
  void invalidNameIsABadRequest() throws Exception {
    HttpResponse<String> response = create(hub.token("alice", Role.WRITE), "{\"name\":\"-bad\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("must not start with '.' or '-'");
  }
}
