package dev.evalhub.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx ({@value #NGINX}) as a load balancer in front of evalhub instances, run as a real
 * process in the foreground ({@code nginx -p PREFIX -c CONF -g 'daemon off;'}) with the site
 * configuration of {@code docs/deployment/nginx-evalhub.conf}, the one docs/DEPLOYMENT.md tells to
 * use: its {@code ${EVALHUB_...}} variables are filled in as {@code envsubst} would, and it is
 * included in the {@code http} block of a minimal main configuration that stands for Debian's
 * {@code /etc/nginx/nginx.conf}. Without nginx a test is skipped (a JUnit assumption).
 */
final class NginxProcess implements AutoCloseable {

  static final String NGINX = "/usr/sbin/nginx";

  /** The site configuration documented in docs/DEPLOYMENT.md, relative to the cli module. */
  static final Path SITE = Path.of("..", "docs", "deployment", "nginx-evalhub.conf");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(EVALHUB_[A-Z0-9_]+)}");

  private final Process process;
  private final Path prefix;
  private final int port;

  private NginxProcess(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /**
   * Starts nginx on 127.0.0.1:{@code port} in front of {@code instances} (their ports on 127.0.0.1,
   * as {@code EVALHUB_1}, {@code EVALHUB_2}, ...), its files in {@code prefix}; returns once it
   * accepts connections.
   */
  static NginxProcess start(Path prefix, int port, List<Integer> instances)
      throws IOException, InterruptedException {
    assumeInstalled();
    Map<String, String> values = new HashMap<>();
    values.put("EVALHUB_LISTEN", "127.0.0.1:" + port);
    for (int i = 0; i < instances.size(); i++) {
      values.put("EVALHUB_" + (i + 1), "127.0.0.1:" + instances.get(i));
    }
    Files.createDirectories(prefix.resolve("logs"));
    Path site = prefix.resolve("evalhub.conf");
    Files.writeString(site, substitute(Files.readString(SITE), values));
    Path main = prefix.resolve("nginx.conf");
    Files.writeString(
        main,
        """
        worker_processes 1;
        pid nginx.pid;
        error_log logs/error.log warn;
        events { worker_connections 256; }
        http {
          access_log logs/access.log;
          client_body_temp_path body;
          proxy_temp_path proxy;
          fastcgi_temp_path fastcgi;
          uwsgi_temp_path uwsgi;
          scgi_temp_path scgi;
          include %s;
        }
        """
            .formatted(site.toAbsolutePath()));
    Process process =
        new ProcessBuilder(
                NGINX,
                "-p",
                prefix.toAbsolutePath() + "/",
                "-c",
                main.toAbsolutePath().toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(process, prefix, port);
    nginx.awaitListening();
    return nginx;
  }

  /** Skips the test (a JUnit assumption) when Debian's nginx is not installed. */
  static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(Path.of(NGINX)),
        NGINX
            + " is missing: the multi-instance test is SKIPPED (.ci/run installs Debian's nginx)");
  }

  /**
   * {@code text} with every {@code ${EVALHUB_...}} replaced by its value; fails on a variable
   * without one, so the documented file and the test cannot drift apart silently.
   */
  static String substitute(String text, Map<String, String> values) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in " + SITE);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(out).toString();
  }

  /** The load balancer's address: {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** nginx's error log so far (upstream failures are logged there). */
  String errorLog() {
    try {
      return Files.readString(prefix.resolve("logs/error.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx ended at start:\n" + log("stdout.log") + errorLog());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nginx does not listen on " + port + ":\n" + errorLog());
  }

  private String log(String name) {
    try {
      return Files.readString(prefix.resolve("logs").resolve(name));
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops nginx (SIGTERM, then SIGKILL if it is still there after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
