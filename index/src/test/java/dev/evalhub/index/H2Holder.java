package dev.evalhub.index;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process that holds an H2 database open, for tests that need a live owner outside the
 * test's JVM: {@link #start} runs {@link #main} in a child JVM on the test's class path, which
 * opens the URL, prints {@code open} and keeps the connection until its standard input ends. Not
 * thread-safe; one per test.
 */
final class H2Holder implements AutoCloseable {

  private final Process process;

  private H2Holder(Process process) {
    this.process = process;
  }

  /** Starts a child JVM holding {@code jdbcUrl} open; returns once it has opened it (≤ 60 s). */
  static H2Holder start(String jdbcUrl) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(H2Holder.class.getName());
    command.add(jdbcUrl);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    H2Holder holder = new H2Holder(process);
    byte[] line = new byte[5];
    int read = process.getInputStream().readNBytes(line, 0, line.length);
    if (read != line.length || !new String(line, 0, read).equals("open\n")) {
      holder.close();
      throw new IOException("the holder did not open " + jdbcUrl);
    }
    return holder;
  }

  /** Sends the child {@code SIGSTOP} (a process paused whole, as by a long GC or a starved CPU). */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Sends the child {@code SIGCONT}. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " failed");
    }
  }

  /** Resumes the child, ends its input so it closes the database, and waits for it (≤ 30 s). */
  @Override
  public void close() throws IOException {
    try {
      resume();
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Opens {@code args[0]}, prints {@code open}, holds it until standard input ends. */
  public static void main(String[] args) throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(args[0])) {
      connection.isValid(1);
      System.out.print("open\n");
      System.out.flush();
      while (System.in.read() >= 0) {
        // held open until the test ends the input
      }
    }
  }
}
