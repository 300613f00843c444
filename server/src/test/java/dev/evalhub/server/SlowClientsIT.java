package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot stop the hub: hundreds of connections that send a little of a body and then
 * nothing hold no thread, a stalled body is cut off after the idle timeout, a trickling one once
 * its rate falls below the floor, and one address holds at most its share of connections. Real
 * sockets over loopback; other loopback addresses (127.0.0.2, ...) stand for other clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class SlowClientsIT {

  private static final int CAP = 20;
  private static final Duration IDLE = Duration.ofSeconds(3);
  private static final String SLOW_HEAD =
      "POST /api/validate?type=results HTTP/1.1\r\nHost: hub\r\n"
          + "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n- ";

  @TempDir static Path temp;
  private TestHub hub;
  private final List<Socket> held = new ArrayList<>();

  @BeforeAll
  void start() {
    hub =
        new TestHub(
            ServerConfig.forTest(temp.resolve("data"))
                .withHttpLimits(new HttpLimits(IDLE, 1024, CAP)));
  }

  @AfterEach
  void closeHeld() throws IOException {
    for (Socket socket : held) {
      socket.close();
    }
    held.clear();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void hubAnswersWhileThreeHundredSlowBodiesAreHeld() throws Exception {
    for (int client = 2; client < 17; client++) {
      InetAddress address = InetAddress.getByName("127.0.0." + client);
      for (int i = 0; i < CAP; i++) {
        held.add(slowBody(address));
      }
    }
    long start = System.nanoTime();

    HttpResponse<String> health = get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took)
        .as("answered while the %d slow bodies are held", held.size())
        .isLessThan(Duration.ofSeconds(2));
    assertThat(took).isLessThan(IDLE);
  }

  @Test
  void aStalledBodyIsCutOffAfterTheIdleTimeout() throws Exception {
    Socket socket = slowBody(InetAddress.getByName("127.0.0.30"));
    long start = System.nanoTime();

    String answer = readUntilClosed(socket, IDLE.plusSeconds(5));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(IDLE.minusMillis(500), IDLE.plusSeconds(3));
    assertThat(answer).startsWith("HTTP/1.1 408").contains("X-Error-Code: RequestTimeout");
  }

  @Test
  void aTricklingBodyIsCutOffOnceItsRateFallsBelowTheFloor() throws Exception {
    Socket socket = slowBody(InetAddress.getByName("127.0.0.31"));
    socket.setSoTimeout(100);
    long start = System.nanoTime();
    String answer = "";
    // One byte every 100 ms: 10 B/s, far below the floor of 1024 B/s, but never idle.
    while (Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(12)) < 0) {
      try {
        socket.getOutputStream().write('x');
        socket.getOutputStream().flush();
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
          break;
        }
        answer += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        break;
      } catch (SocketTimeoutException stillOpen) {
        // no answer yet: send the next byte
      } catch (IOException reset) {
        break;
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("cut off; the server said: %s", answer).isLessThan(Duration.ofSeconds(12));
    if (!answer.isEmpty()) {
      assertThat(answer).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void oneAddressHoldsAtMostItsCapAndTheNextConnectionGetsA429() throws Exception {
    InetAddress address = InetAddress.getByName("127.0.0.40");
    for (int i = 0; i < CAP; i++) {
      held.add(connect(address));
    }
    String refusal = null;
    // The server counts a connection once it has accepted it: try a few more until one is over the
    // cap.
    for (int extra = 0; extra < 5 && refusal == null; extra++) {
      Socket socket = connect(address);
      held.add(socket);
      socket.setSoTimeout(500);
      try {
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        refusal = n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
      } catch (SocketTimeoutException accepted) {
        // within the cap: held
      }
    }

    assertThat(refusal)
        .startsWith("HTTP/1.1 429")
        .contains("X-Error-Code: TooManyRequests")
        .contains("{\"error\":\"too many connections");
    assertThat(get("/health").statusCode()).as("other addresses are unaffected").isEqualTo(200);
  }

  private Socket slowBody(InetAddress from) throws IOException {
    Socket socket = connect(from);
    socket.getOutputStream().write(SLOW_HEAD.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  private Socket connect(InetAddress from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), hub.server().port()), 2000);
    return socket;
  }

  /** What the server says before it closes the connection. */
  private static String readUntilClosed(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    StringBuilder answer = new StringBuilder();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        answer.append((char) b);
      }
    } catch (IOException reset) {
      // closed with a reset (or not at all: the caller's time bound fails then)
    }
    return answer.toString();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
