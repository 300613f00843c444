package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.server.testing.TestHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log formats on a real hub: JSON is one object a line whose {@code mdc} carries the id (the
 * answer's {@code X-Request-Id}), method and route of the request that logged it; text is the hub's
 * lines as they always were.
 */
class LogFormatIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStandardError() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    LogFormat.TEXT.install();
  }

  private String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesParseAndCarryTheRequestIdOfTheRequestThatLogged() throws Exception {
    LogFormat.JSON.install();
    try (TestHub hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .org("acme", "alice")
            .repo("datasets/acme/bench", false)
            .commit(
                "datasets/acme/bench",
                "eval.yaml",
                "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
                    + "tasks:\n  - id: t\n",
                "benchmark",
                "alice")) {
      // With its index closed, a request that needs it fails and is logged as an error.
      hub.server().hub().index().close();
      HttpResponse<String> failed =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(hub.baseUrl() + "/api/datasets/acme/bench/leaderboard?task_id=t"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(failed.statusCode()).isEqualTo(500);
      String requestId = failed.headers().firstValue("X-Request-Id").orElseThrow();

      List<JsonNode> lines = new ArrayList<>();
      for (String line : log().split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }

      assertThat(lines).isNotEmpty();
      assertThat(lines)
          .allSatisfy(
              line -> {
                assertThat(line.isObject()).isTrue();
                assertThat(line.has("timestamp")).isTrue();
                assertThat(line.has("level")).isTrue();
                assertThat(line.has("loggerName")).isTrue();
                assertThat(line.has("threadName")).isTrue();
                assertThat(line.has("formattedMessage")).isTrue();
              });
      JsonNode error =
          lines.stream()
              .filter(line -> line.get("level").asText().equals("ERROR"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no error line in\n" + log()));
      assertThat(error.get("mdc").get("request_id").asText()).isEqualTo(requestId);
      assertThat(error.get("mdc").get("method").asText()).isEqualTo("GET");
      assertThat(error.get("mdc").get("route").asText())
          .isEqualTo("/api/datasets/{ns}/{name}/leaderboard");
      assertThat(error.get("formattedMessage").asText()).contains("failed");
      assertThat(error.get("throwable").get("className").asText()).isNotEmpty();
      // The start's line was logged outside any request: no request id.
      JsonNode listening =
          lines.stream()
              .filter(line -> line.get("formattedMessage").asText().startsWith("evalhub listening"))
              .findFirst()
              .orElseThrow();
      assertThat(listening.path("mdc").has("request_id")).isFalse();
    }
  }

  @Test
  void textLinesLookAsTheyAlwaysDid() throws Exception {
    LogFormat.TEXT.install();
    try (TestHub hub = new TestHub(temp.resolve("data"))) {
      assertThat(hub.baseUrl()).isNotEmpty();
    }
    assertThat(log())
        .containsPattern(
            "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} \\[[^]]+\\] INFO"
                + " dev\\.evalhub\\.server\\.HubServer - evalhub listening on http://");
  }
}
