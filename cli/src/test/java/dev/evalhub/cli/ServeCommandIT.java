package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.server.testing.HubApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code evalhub serve} as a real process: it logs where it listens and stops on
 * SIGTERM.
 */
class ServeCommandIT {

  @TempDir Path temp;

  @Test
  void serveAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
    try (ServeProcess serve = ServeProcess.start(temp.resolve("data"))) {
      int port = serve.awaitPort();

      HubApi.Response health = new HubApi("http://127.0.0.1:" + port).get("/health", null);
      serve.terminate();

      assertThat(health.status()).isEqualTo(200);
      serve.awaitExit();
      assertThat(serve.lines()).anyMatch(line -> line.endsWith("evalhub stopped"));
    }
  }

  @Test
  void aStopBySigtermIsRecordedCleanSoTheNextStartSkipsTheWalks() throws Exception {
    Path data = temp.resolve("data");
    // The first start walks (a new data folder has no clean-stop record) and reconciles before it
    // serves: its SIGTERM, as soon as it listens, records a clean stop.
    try (ServeProcess serve = ServeProcess.start(data)) {
      serve.awaitPort();
      serve.terminate();
      serve.awaitExit();
      assertThat(serve.lines()).noneMatch(line -> line.contains("clean stop: the next start"));
    }
    try (ServeProcess serve = ServeProcess.start(data)) {
      serve.awaitPort();
      assertThat(serve.lines())
          .as("H2's own shutdown hook closed the index before the clean stop was recorded")
          .anyMatch(line -> line.contains("clean stop: reconciling in the background"));
      serve.terminate();
      serve.awaitExit();
    }
  }

  @Test
  void sigtermAsSoonAsItListensStillStopsCleanly() throws Exception {
    try (ServeProcess serve = ServeProcess.start(temp.resolve("data"))) {
      serve.awaitPort();

      serve.terminate();

      serve.awaitExit();
      assertThat(serve.lines()).anyMatch(line -> line.endsWith("evalhub stopped"));
    }
  }

  @Test
  void onSigtermItAnswersNotReadyWhileStillServingThenStopsAndLogsJsonLines() throws Exception {
    try (ServeProcess serve =
        ServeProcess.start(
            temp.resolve("data"),
            List.of(),
            List.of("--drain-seconds", "3", "--log-format", "json"))) {
      HubApi api = new HubApi(serve.baseUrl());
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

      serve.terminate();
      HubApi.Response ready = api.get("/health/ready", null);
      for (int i = 0; i < 100 && ready.status() == 200; i++) {
        Thread.sleep(20);
        ready = api.get("/health/ready", null);
      }

      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body()).contains("the server is shutting down");
      assertThat(api.get("/health/live", null).status()).isEqualTo(200);
      assertThat(api.get("/api/datasets", null).status()).isEqualTo(200);
      serve.awaitExit();
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> logged = new ArrayList<>();
      for (String line : serve.lines()) {
        if (line.startsWith("{")) {
          logged.add(json.readTree(line));
        }
      }
      assertThat(logged)
          .extracting(node -> node.get("formattedMessage").asText())
          .contains("evalhub stopped")
          .anyMatch(message -> message.startsWith("evalhub listening on http://127.0.0.1:"));
    }
  }
}
