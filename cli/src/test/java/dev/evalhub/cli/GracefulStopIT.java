package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.GitCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server told to stop (SIGTERM) while requests are under way, with the embedded index
 * (no drain): a real {@code git push}, slowed down by a proxy, that is under way when the stop
 * begins completes, lands and is indexed after a restart, while new connections are refused at
 * once; a request whose body never ends is cut at the stop timeout, and the process ends then.
 */
class GracefulStopIT {

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();
  private static final String RESULT = ".eval_results/r1.yaml";

  /** Incompressible bytes the push carries: about 6 s at {@link #PUSH_RATE}. */
  private static final int PUSH_BYTES = 3 << 20;

  private static final long PUSH_RATE = 512 << 10;

  @TempDir Path temp;
  private String alice;

  @Test
  void aPushUnderWayWhenTheStopBeginsCompletesAndLandsWhileNewConnectionsAreRefused()
      throws Exception {
    Path data = temp.resolve("data");
    setUp(data);
    Path clone = temp.resolve("clone");
    try (ServeProcess hub = ServeProcess.start(data)) {
      int port = hub.awaitPort();
      require(git(temp, "clone", "-q", url(port), clone.toString()));
      Files.createDirectories(clone.resolve(".eval_results"));
      Files.writeString(clone.resolve(RESULT), result());
      byte[] noise = new byte[PUSH_BYTES];
      new Random(7).nextBytes(noise);
      Files.write(clone.resolve("noise.bin"), noise);
      require(git(clone, "add", "."));
      require(
          git(
              clone,
              "-c",
              "user.name=Alice",
              "-c",
              "user.email=alice@example.invalid",
              "commit",
              "-q",
              "-m",
              "Result and noise"));

      try (ThrottlingProxy proxy = new ThrottlingProxy(port, PUSH_RATE, PUSH_RATE)) {
        CompletableFuture<GitCli.Result> push =
            CompletableFuture.supplyAsync(
                () -> git(clone, "push", "-q", url(proxy.port()), "HEAD:main"));
        assertThat(proxy.awaitPassed(ServeProcess.WAIT))
            .as("the push's body is being sent")
            .isTrue();

        hub.terminate();
        awaitRefused(port);
        assertThat(push).as("the push is still under way once connections are refused").isNotDone();

        GitCli.Result pushed = push.get(ServeProcess.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(pushed.exitCode()).as(pushed.output()).isZero();
        hub.awaitExit();
        assertThat(hub.output())
            .contains("evalhub stopping: waiting up to 10 s for 1 request(s) under way")
            .doesNotContain("are cut")
            .contains("evalhub stopped");
      }
    }

    try (TestHub restarted = new TestHub(data)) {
      Storage storage = restarted.server().hub().storage();
      assertThat(
              storage
                  .contents()
                  .resolve(MODEL, "main")
                  .flatMap(main -> storage.contents().file(MODEL, main.commitId(), RESULT)))
          .as("the pushed result after a restart")
          .isPresent();
      HubApi.Response info = restarted.api().get("/api/models/alice/gpt?expand=evalResults", alice);
      assertThat(info.status()).isEqualTo(200);
      assertThat(info.json().path("evalResults").toString())
          .as("the pushed result is indexed")
          .contains("cais/hle")
          .contains("21.5");
    }
  }

  @Test
  void aRequestWhoseBodyNeverEndsIsCutAtTheStopTimeoutAndTheProcessEndsThen() throws Exception {
    Path data = temp.resolve("data");
    setUp(data);
    try (ServeProcess hub =
            ServeProcess.start(data, List.of(), List.of("--stop-timeout-seconds", "2"));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), hub.awaitPort())) {
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      out.write(
          ("POST /api/models/alice/gpt/commit/main HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Authorization: Bearer "
                  + alice
                  + "\r\n"
                  + "Content-Type: application/x-ndjson\r\n"
                  + "Content-Length: 1000000\r\n"
                  + "Expect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The server asks for the body once the request is in its hands (counted as under way).
      assertThat(line(in)).startsWith("HTTP/1.1 100");
      Thread trickle = new Thread(() -> trickle(out), "trickle");
      trickle.setDaemon(true);
      trickle.start();

      long stopping = System.nanoTime();
      hub.terminate();
      hub.awaitExit();
      Duration took = Duration.ofNanos(System.nanoTime() - stopping);

      System.out.println(
          "SIGTERM to exit with a request that never ends: " + took.toMillis() + " ms");
      assertThat(took)
          .as("it waited for the request")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(took)
          .as("it stopped at the bound, plus the time to close")
          .isLessThan(Duration.ofSeconds(12));
      assertThat(rest(in)).as("the request was cut, not answered").doesNotContain("HTTP/1.1 2");
      assertThat(hub.output())
          .contains("evalhub stopping: 1 request(s) still under way after 2 s are cut")
          .contains("evalhub stopped");
    }
  }

  private void setUp(Path data) {
    try (TestStorage hub = TestStorage.open(data).users("alice").repo(MODEL)) {
      alice = hub.token("alice", Role.WRITE);
    }
  }

  /** Connects until the connection is refused; fails when it is still accepted after the wait. */
  private static void awaitRefused(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + ServeProcess.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
      } catch (ConnectException refused) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "port " + port + " still accepts connections after " + ServeProcess.WAIT);
  }

  /** Sends one byte of the body every 100 ms until the connection fails. */
  private static void trickle(OutputStream out) {
    try {
      while (true) {
        out.write('x');
        out.flush();
        Thread.sleep(100);
      }
    } catch (IOException | InterruptedException e) {
      // the server cut the request: the end of the trickle
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /** What the server still sends until it closes the connection (empty when it resets it). */
  private static String rest(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException reset) {
      return "";
    }
  }

  private String url(int port) {
    return "http://x:" + alice + "@127.0.0.1:" + port + "/alice/gpt";
  }

  private static String result() {
    return "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 21.5\n";
  }

  private static void require(GitCli.Result run) {
    if (run.exitCode() != 0) {
      throw new IllegalStateException(run.output());
    }
  }

  private GitCli.Result git(Path dir, String... args) {
    return new GitCli(temp.resolve("home")).run(dir, args);
  }
}
