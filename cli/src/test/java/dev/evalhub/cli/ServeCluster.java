package dev.evalhub.cli;

import dev.evalhub.server.testing.HubApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Several packaged {@code evalhub serve} processes ({@link ServeProcess}) of one hub: one data
 * folder, one PostgreSQL database, each on its own port of 127.0.0.1 (kept across a restart, as a
 * load balancer knows it) and with its own {@code application_name} on the database. Instances are
 * numbered from 0; every wait is bounded. Not thread-safe: one test drives it.
 */
final class ServeCluster implements AutoCloseable {

  private final Path data;
  private final String database;
  private final Map<Integer, Integer> ports = new TreeMap<>();
  private final Map<Integer, String> names = new TreeMap<>();
  private final Map<Integer, ServeProcess> live = new TreeMap<>();
  private final Map<String, ServeProcess> all = new LinkedHashMap<>();
  private final Leadership leadership;

  private ServeCluster(Path data, String database, int size) throws IOException {
    this.data = data;
    this.database = database;
    String schema = database.replaceFirst(".*ApplicationName=([^&]*).*", "$1");
    for (int i = 0; i < size; i++) {
      ports.put(i, freePort());
      names.put(i, schema + "-i" + i);
    }
    this.leadership = new Leadership(database, names);
  }

  /**
   * Starts {@code size} instances on {@code data} and the PostgreSQL {@code database} (a JDBC URL
   * of {@link dev.evalhub.testing.TestDatabases#freshPostgresSchema}) at once, and returns when
   * each answers {@code GET /health/ready} with 200.
   */
  static ServeCluster start(Path data, String database, int size)
      throws IOException, InterruptedException {
    ServeCluster cluster = new ServeCluster(data, database, size);
    try {
      for (int i = 0; i < size; i++) {
        cluster.launch(i);
      }
      for (int i = 0; i < size; i++) {
        cluster.awaitReady(i);
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The instances' ports, in instance order. */
  List<Integer> ports() {
    return List.copyOf(ports.values());
  }

  /** The leaders among the running instances now. */
  Leadership.Leaders leaders() {
    return leadership.leaders(live, ports);
  }

  /**
   * Polls {@link #leaders} every 50 ms until {@code wanted} holds or {@code wait} passed; returns
   * the last answer.
   */
  Leadership.Leaders awaitLeaders(Predicate<Leadership.Leaders> wanted, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Leadership.Leaders leaders = leaders();
    while (!wanted.test(leaders) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      leaders = leaders();
    }
    return leaders;
  }

  /** Kills instance {@code i} with SIGKILL ({@code kill -9}), without waiting for its end. */
  void kill(int i) {
    live.remove(i).kill();
  }

  /**
   * Starts instance {@code i} again on its port once its process has ended; returns when it is
   * ready.
   */
  void restart(int i) throws IOException, InterruptedException {
    all.get(key(i)).awaitExit();
    all.put(key(i) + " (before its restart)", all.remove(key(i)));
    launch(i);
    awaitReady(i);
  }

  /** The body of {@code GET path} as each running instance answers it, by instance. */
  Map<Integer, String> getFromEach(String path) {
    Map<Integer, String> bodies = new TreeMap<>();
    live.keySet().forEach(i -> bodies.put(i, api(i).get(path, null).body()));
    return bodies;
  }

  /** Stops every running instance with SIGTERM, all at once, and waits for their ends. */
  void stop() throws InterruptedException {
    live.values().forEach(ServeProcess::terminate);
    for (ServeProcess instance : live.values()) {
      instance.awaitExit();
    }
    live.clear();
  }

  /** Every process's output lines so far, by {@code instance N}, restarted ones apart. */
  Map<String, List<String>> lines() {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    all.forEach((name, process) -> lines.put(name, process.lines()));
    return lines;
  }

  /** Kills what still runs. */
  @Override
  public void close() {
    all.values().forEach(ServeProcess::close);
  }

  private void launch(int i) throws IOException {
    String url = database.replaceFirst("ApplicationName=[^&]*", "ApplicationName=" + names.get(i));
    ServeProcess process =
        ServeProcess.start(data, ports.get(i), List.of("-Xmx256m"), List.of("--db", url));
    live.put(i, process);
    all.put(key(i), process);
  }

  private void awaitReady(int i) throws InterruptedException {
    ServeProcess process = live.get(i);
    process.awaitPort();
    long deadline = System.nanoTime() + ServeProcess.WAIT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HubApi.Response ready = api(i).get("/health/ready", null);
        if (ready.status() == 200) {
          return;
        }
        last = ready.status() + " " + ready.body();
      } catch (IllegalStateException notListening) {
        last = notListening.getMessage();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "instance "
            + i
            + " not ready within "
            + ServeProcess.WAIT
            + ": "
            + last
            + "\n"
            + process.output()
            + process.threadDump());
  }

  private HubApi api(int i) {
    return new HubApi("http://127.0.0.1:" + ports.get(i));
  }

  private static String key(int i) {
    return "instance " + i;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
