package dev.evalhub.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code evalhub serve} ({@code target/evalhub.jar}) as a real process on port 0 of
 * 127.0.0.1, its output (stdout and stderr) read line by line as it comes. Every wait is bounded
 * and waits for the event itself (the line that says where it listens, the process's end), never
 * for a fixed time.
 */
final class ServeProcess implements AutoCloseable {

  /**
   * The longest wait for the start or the end of the process: generous, CI machines are shared and
   * loaded.
   */
  static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * The whole line, up to the text after the port, so that a line still being written is never
   * read; in a JSON log line the slashes are escaped.
   */
  private static final Pattern LISTENING =
      Pattern.compile(
          "evalhub listening on http:(?://|\\\\/\\\\/)127\\.0\\.0\\.1:(\\d+) with data in ");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Thread reader;
  private boolean ended;

  private ServeProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "evalhub-serve-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java [JVM_OPTIONS] -jar target/evalhub.jar serve --data DATA --port 0 --host
   * 127.0.0.1}.
   */
  static ServeProcess start(Path data, String... jvmOptions) throws IOException {
    return start(data, List.of(jvmOptions), List.of());
  }

  /**
   * As {@link #start(Path, String...)}, with more options of {@code serve} (such as {@code --db
   * URL}).
   */
  static ServeProcess start(Path data, List<String> jvmOptions, List<String> serveOptions)
      throws IOException {
    return start(data, 0, jvmOptions, serveOptions);
  }

  /**
   * As {@link #start(Path, List, List)}, on {@code port} of 127.0.0.1 (0: any free port), so that
   * an instance restarted after a kill comes back at the address its load balancer knows.
   */
  static ServeProcess start(Path data, int port, List<String> jvmOptions, List<String> serveOptions)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // A short-lived server: the C1 compiler and the serial collector start it in a fraction of the
    // CPU time.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            Path.of("target", "evalhub.jar").toString(),
            "serve",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--host",
            "127.0.0.1"));
    command.addAll(serveOptions);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // A test's server stops at once on SIGTERM unless it asks for a drain (--drain-seconds N).
    builder.environment().put("EVALHUB_DRAIN_SECONDS", "0");
    return new ServeProcess(builder.start());
  }

  /** The hub's address once it listens: {@code http://127.0.0.1:PORT}. */
  String baseUrl() throws InterruptedException {
    return "http://127.0.0.1:" + awaitPort();
  }

  /**
   * Waits until the process says where it listens (it accepts connections from then on) and returns
   * the port.
   */
  int awaitPort() throws InterruptedException {
    try {
      return port.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "evalhub serve did not say where it listens within "
              + WAIT
              + ":\n"
              + output()
              + threadDump(),
          e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage() + ":\n" + output(), e.getCause());
    }
  }

  /**
   * Asks the process to stop, as a service manager does (SIGTERM). Through its handle: {@code
   * Process.destroy()} would also close our end of its output, and the lines it prints while
   * stopping would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * Kills the process at once with SIGKILL ({@code kill -9}): no shutdown hook runs, no lock or
   * connection is given back by the process itself.
   */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  /** The process id. */
  long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until the process has ended and all it printed has been read, and returns its exit code;
   * fails when it is still running after {@link #WAIT}.
   */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(
          "evalhub serve still runs after " + WAIT + ":\n" + output() + threadDump());
    }
    reader.join(WAIT.toMillis());
    return process.exitValue();
  }

  /**
   * Waits until the process has printed a line containing {@code text}; fails when it ends or
   * {@link #WAIT} passes first.
   */
  void awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (lines) {
      while (lines.stream().noneMatch(line -> line.contains(text))) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError(
              "evalhub serve printed no line with \""
                  + text
                  + "\":\n"
                  + output()
                  + (ended ? "" : threadDump()));
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The lines printed so far; every line once {@link #awaitExit()} returned. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Everything printed so far, one line after another. */
  String output() {
    return String.join("\n", lines);
  }

  /**
   * The threads of the still running process ({@code jcmd PID Thread.print}), for the message of a
   * wait that failed: what a hung start waits for. Bounded to {@link #DUMP_WAIT}; the reason when
   * there is none.
   */
  String threadDump() {
    return threadDump(process.pid());
  }

  /** The longest wait for {@code jcmd}: it attaches to a JVM that may be busy or hung. */
  static final Duration DUMP_WAIT = Duration.ofSeconds(30);

  /** {@code jcmd PID Thread.print} of any JVM of this user, or why there is none. */
  static String threadDump(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return "\n(no thread dump: process " + pid + " has ended)";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      CompletableFuture<String> text =
          CompletableFuture.supplyAsync(
              () -> {
                try (var in = dump.getInputStream()) {
                  return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return "(cannot read the output of jcmd: " + e.getMessage() + ")";
                }
              });
      if (!dump.waitFor(DUMP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        return "\n(no thread dump: jcmd " + pid + " did not answer within " + DUMP_WAIT + ")";
      }
      return "\n--- jcmd " + pid + " Thread.print ---\n" + text.get(5, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      return "\n(no thread dump of " + pid + ": " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "\n(no thread dump of " + pid + ": interrupted)";
    }
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(
          new UncheckedIOException("cannot read the output of evalhub serve", e));
    }
    synchronized (lines) {
      ended = true;
      lines.notifyAll();
    }
    port.completeExceptionally(
        new IllegalStateException("evalhub serve ended before saying where it listens"));
  }

  /**
   * Kills the process if it still runs and waits for its end, so that its data folder can be
   * deleted.
   */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
