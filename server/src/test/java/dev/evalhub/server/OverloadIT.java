package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.service.EvalHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past its overload limits the hub answers {@code 503} with {@code Retry-After} in the API's error
 * shape, at once when its queue is full and after the longest wait for a queued request, instead of
 * leaving requests to the idle timeout; it serves again once the load is gone.
 */
class OverloadIT {

  @TempDir Path temp;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A hub that handles one request at a time and queues {@code queued} more for 1 s at most. */
  private HubServer start(int queued) {
    ServerConfig config =
        ServerConfig.forTest(temp.resolve("data"))
            .withHttpLimits(new HttpLimits(Duration.ofSeconds(30), 0, 0));
    EvalHub hub = EvalHub.open(HubServer.hubOptions(config));
    return HubServer.start(
        config, hub, new OverloadLimits(1, queued, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  /**
   * A commit whose body stops half-way, past what is read before the handler runs: its handler then
   * holds the one request slot, waiting for the rest. When a victim request held the slot as the
   * commit arrived, the commit itself is refused; {@link #resendIfRefused} then sends it again.
   */
  private static final class StalledCommit implements AutoCloseable {
    private final HubServer server;
    private final String token;
    private Socket socket;

    StalledCommit(HubServer server) throws Exception {
      this.server = server;
      server.hub().storage().accounts().createUser("alice");
      this.token =
          server.hub().storage().accounts().createToken("alice", Role.WRITE, "test").secret();
      server.hub().storage().createRepository(RepoId.parsePath("alice/gpt").orElseThrow(), false);
      send();
    }

    private void send() throws Exception {
      socket = new Socket("127.0.0.1", server.port());
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /api/models/alice/gpt/commit/main HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + token
              + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 4000000\r\n\r\n"
              + "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
              + "{\"key\":\"file\",\"value\":{\"path\":\"a.txt\",\"encoding\":\"utf-8\","
              + "\"content\":\"";
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write("a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** Sends the commit again when it was answered (refused) instead of holding the slot. */
    void resendIfRefused() throws Exception {
      if (socket.getInputStream().available() > 0) {
        socket.close();
        send();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private HttpResponse<String> get(HubServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The victim: an ordinary API route, under the overload limits. */
  private HttpResponse<String> models(HubServer server) throws Exception {
    return get(server, "/api/models");
  }

  /** Asks until the stalled commit holds the slot (it may reach its handler after a first ask). */
  private HttpResponse<String> firstRefusal(HubServer server, StalledCommit stalled)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> answer = models(server);
    while (answer.statusCode() != 503 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stalled.resendIfRefused();
      answer = models(server);
    }
    return answer;
  }

  @Test
  void aRequestBeyondAFullQueueIsA503WithRetryAfterInTheErrorShape() throws Exception {
    try (HubServer server = start(0)) {
      StalledCommit stalled = new StalledCommit(server);
      HttpResponse<String> refused = firstRefusal(server, stalled);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("2");
      assertThat(refused.headers().firstValue("X-Error-Code")).contains("ServiceUnavailable");
      assertThat(refused.body()).contains("\"error\"").contains("busy");
      // The slot is still held: the probes and the scrape bypass the limits, and the refusal is
      // counted.
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
      assertThat(models(server).statusCode()).isEqualTo(503);
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .containsPattern("(?m)^evalhub_http_overload_rejections_total [1-9]")
          .containsPattern(
              "(?m)^evalhub_http_requests_total\\{method=\"GET\",route=\"overloaded\","
                  + "status=\"5xx\"\\} [1-9]");
      stalled.close();
      assertThat(eventually200(server)).isTrue();
    }
  }

  @Test
  void aQueuedRequestIsA503WithRetryAfterOnceItWaitedTheLongestWait() throws Exception {
    try (HubServer server = start(16)) {
      StalledCommit stalled = new StalledCommit(server);
      long started = System.nanoTime();
      HttpResponse<String> refused = firstRefusal(server, stalled);
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("2");
      assertThat(waitedMillis).isGreaterThanOrEqualTo(1_000);
      stalled.close();
      assertThat(eventually200(server)).isTrue();
    }
  }

  private boolean eventually200(HubServer server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (models(server).statusCode() == 200) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
