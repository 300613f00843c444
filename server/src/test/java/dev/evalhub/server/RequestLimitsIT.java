package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies at and past the limits: a commit with hundreds of diagnostics is a 400 with a bounded
 * header and the whole list in the body; bodies past a limit are JSON 413s with {@code
 * X-Error-Code}; {@code /api/validate} takes every file a push takes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class RequestLimitsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_COMMIT_BYTES = 3_000_000;

  @TempDir static Path temp;
  private TestHub hub;
  private HubHttp http;
  private String token;

  @BeforeAll
  void start() {
    hub =
        new TestHub(ServerConfig.forTest(temp.resolve("data")).withMaxCommitBytes(MAX_COMMIT_BYTES))
            .user("alice")
            .repo("alice/model", false);
    token = hub.token("alice", Role.WRITE);
    http = new HubHttp(hub.baseUrl());
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void commitWithTwoHundredDiagnosticsIsA400WithABoundedHeaderAndEveryDiagnosticInTheBody()
      throws Exception {
    HttpResponse<String> response =
        commit(
            header()
                + "\n"
                + file(".eval_results/a.yaml", hundredErrors())
                + "\n"
                + file(".eval_results/b.yaml", hundredErrors())
                + "\n");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Error-Code")).hasValue("BadRequest");
    String header = response.headers().firstValue("X-Error-Message").orElseThrow();
    assertThat(header.length()).isLessThanOrEqualTo(1024);
    assertThat(header).contains(".eval_results/a.yaml").containsPattern("\\(and \\d+ more\\)$");
    String error = JSON.readTree(response.body()).path("error").asText();
    assertThat(error.lines().filter(l -> l.contains(".eval_results/a.yaml")))
        .hasSizeGreaterThanOrEqualTo(100);
    assertThat(error.lines().filter(l -> l.contains(".eval_results/b.yaml")))
        .hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void commitBodyPastTheLimitIsAJson413() throws Exception {
    HttpResponse<String> response =
        commit(header() + "\n" + file("big.bin", "y".repeat((int) MAX_COMMIT_BYTES)) + "\n");

    assertJson413(response);
  }

  @Test
  void validateAcceptsAValidFileOfAlmostTheYamlLimitThatAPushAccepts() throws Exception {
    String file = validResultsOfSize(1_040_000);

    HttpResponse<String> validated = http.send("POST", "/api/validate?type=results", null, file);
    HttpResponse<String> committed =
        commit(header() + "\n" + file(".eval_results/big.yaml", file) + "\n");

    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    assertThat(JSON.readTree(validated.body()).path("valid").asBoolean())
        .as(validated.body())
        .isTrue();
    assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
  }

  @Test
  void validateAnswersAFileJustOverTheYamlLimitWithTheValidatorsDiagnostic() throws Exception {
    HttpResponse<String> response =
        http.send("POST", "/api/validate?type=results", null, validResultsOfSize((1 << 20) + 10));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("valid").asBoolean()).isFalse();
    assertThat(answer.path("diagnostics").get(0).path("message").asText())
        .contains("larger than the limit");
  }

  @Test
  void validateBodyFarPastTheLimitIsAJson413() throws Exception {
    assertJson413(http.send("POST", "/api/validate?type=results", null, "#".repeat(3 << 20)));
  }

  @Test
  void javalinsJsonBodyLimitIsAJson413() throws Exception {
    assertJson413(
        http.send(
            "POST",
            "/api/models/alice/model/discussions",
            token,
            "{\"title\":\"" + "t".repeat(1_100_000) + "\"}",
            "Content-Type",
            "application/json"));
  }

  private static void assertJson413(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("X-Error-Code")).hasValue("PayloadTooLarge");
    assertThat(JSON.readTree(response.body()).path("error").asText()).contains("limit");
  }

  private HttpResponse<String> commit(String body) throws Exception {
    return http.send(
        "POST",
        "/api/models/alice/model/commit/main",
        token,
        body,
        "Content-Type",
        "application/x-ndjson");
  }

  private static String header() {
    return "{\"key\":\"header\",\"value\":{\"summary\":\"limits\"}}";
  }

  private static String file(String path, String content) throws Exception {
    return "{\"key\":\"file\",\"value\":{\"path\":"
        + JSON.writeValueAsString(path)
        + ",\"content\":\""
        + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
        + "\"}}";
  }

  private static String hundredErrors() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      yaml.append("- dataset: {id: cais/hle, task_id: hle}\n  value: \"not a number ")
          .append(i)
          .append("\"\n");
    }
    return yaml.toString();
  }

  /** One valid result, padded with comment lines to exactly {@code size} bytes. */
  private static String validResultsOfSize(int size) {
    StringBuilder yaml =
        new StringBuilder("- dataset: {id: cais/hle, task_id: hle}\n  value: 20.9\n");
    while (yaml.length() < size) {
      int line = Math.min(100, size - yaml.length());
      yaml.append(line == 1 ? "\n" : "#" + "p".repeat(line - 2) + "\n");
    }
    return yaml.toString();
  }
}
