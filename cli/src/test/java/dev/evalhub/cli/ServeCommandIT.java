package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code evalhub serve} as a real process: it logs where it listens and stops on SIGTERM. */
class ServeCommandIT {

  @TempDir Path temp;

  @Test
  void serveAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
    try (ServeProcess serve = ServeProcess.start(temp.resolve("data"))) {
      int port = serve.awaitPort();

      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      serve.terminate();

      assertThat(health.statusCode()).isEqualTo(200);
      serve.awaitExit();
      assertThat(serve.lines()).anyMatch(line -> line.endsWith("evalhub stopped"));
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
}
