package dev.evalhub.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code evalhub serve} ({@code target/evalhub.jar}) run as a child process on a free loopback port,
 * with extra JVM options (the crash tests' halt hook), its output in a log file.
 */
final class HubProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("evalhub listening on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  private final int port;

  private HubProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static HubProcess start(Path data, Path log, String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    // A short-lived server: the C1 compiler and the serial collector start it in a fraction of the CPU time.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", Path.of("target", "evalhub.jar").toString(), "serve", "--data",
        data.toString(), "--port", "0", "--host", "127.0.0.1"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher matcher = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (matcher.find()) {
        return new HubProcess(process, log, Integer.parseInt(matcher.group(1)));
      }
      if (!process.isAlive()) {
        throw new AssertionError("evalhub serve exited at start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("evalhub serve did not say where it listens within 60 s");
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits (at most 60 s) for the process to end and returns its exit code. */
  int awaitExit() throws Exception {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("evalhub serve did not halt: " + Files.readString(log));
    }
    return process.exitValue();
  }

  String output() throws Exception {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
