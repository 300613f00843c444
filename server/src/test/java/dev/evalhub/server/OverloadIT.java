package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.service.EvalHub;
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
   * Starts a commit whose body stops half-way, past what is read before the handler runs: its
   * handler then holds the one request slot, waiting for the rest.
   */
  private static Socket stalledCommit(HubServer server) throws Exception {
    server.hub().storage().accounts().createUser("alice");
    String token =
        server.hub().storage().accounts().createToken("alice", Role.WRITE, "test").secret();
    server.hub().storage().createRepository(RepoId.parsePath("alice/gpt").orElseThrow(), false);
    Socket socket = new Socket("127.0.0.1", server.port());
    OutputStream out = socket.getOutputStream();
    String head =
        "POST /api/models/alice/gpt/commit/main HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 4000000\r\n\r\n"
            + "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
            + "{\"key\":\"file\",\"value\":{\"path\":\"a.txt\",\"encoding\":\"utf-8\",\"content\":\"";
    out.write(head.getBytes(StandardCharsets.UTF_8));
    out.write("a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private HttpResponse<String> health(HubServer server) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Asks until the stalled commit holds the slot (it may reach its handler after a first ask). */
  private HttpResponse<String> firstRefusal(HubServer server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> answer = health(server);
    while (answer.statusCode() != 503 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      answer = health(server);
    }
    return answer;
  }

  @Test
  void aRequestBeyondAFullQueueIsA503WithRetryAfterInTheErrorShape() throws Exception {
    try (HubServer server = start(0)) {
      Socket stalled = stalledCommit(server);
      HttpResponse<String> refused = firstRefusal(server);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("2");
      assertThat(refused.headers().firstValue("X-Error-Code")).contains("ServiceUnavailable");
      assertThat(refused.body()).contains("\"error\"").contains("busy");
      stalled.close();
      assertThat(eventually200(server)).isTrue();
    }
  }

  @Test
  void aQueuedRequestIsA503WithRetryAfterOnceItWaitedTheLongestWait() throws Exception {
    try (HubServer server = start(16)) {
      Socket stalled = stalledCommit(server);
      long started = System.nanoTime();
      HttpResponse<String> refused = firstRefusal(server);
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
      if (health(server).statusCode() == 200) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
