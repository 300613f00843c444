package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.HubApi;
import java.nio.file.Path;
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
  void sigtermAsSoonAsItListensStillStopsCleanly() throws Exception {
    try (ServeProcess serve = ServeProcess.start(temp.resolve("data"))) {
      serve.awaitPort();

      serve.terminate();

      serve.awaitExit();
      assertThat(serve.lines()).anyMatch(line -> line.endsWith("evalhub stopped"));
    }
  }
}
