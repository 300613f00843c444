package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code evalhub serve} as a real process: it logs where it listens and stops on SIGTERM. */
class ServeCommandIT {

  private static final Pattern LISTENING = Pattern.compile("evalhub listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path temp;

  @Test
  void serveAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
    Path log = temp.resolve("serve.log");
    Process serve = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "evalhub.jar").toString(), "serve", "--data", temp.resolve("data").toString(),
        "--port", "0", "--host", "127.0.0.1")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = awaitPort(log);

      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      serve.toHandle().destroy();

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readAllLines(log)).anyMatch(line -> line.endsWith("evalhub stopped"));
    } finally {
      serve.destroyForcibly();
    }
  }

  private static int awaitPort(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher matcher = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("evalhub serve did not say where it listens within 60 s");
  }
}
