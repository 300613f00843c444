package dev.evalhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line in a test, isolated from the machine: {@code HOME} is a folder
 * of the test with its own {@code .gitconfig} (user "Test User", default branch main), the system
 * configuration and every {@code GIT_*} variable of the environment are left out, nothing prompts
 * for credentials, and a run that does not finish within the time-out (120 s unless {@link
 * #withTimeout}) is killed and fails.
 *
 * <p>Thread-safe: each run is its own process.
 */
public final class GitCli {

  /**
   * What a git command did: its exit code and everything it printed (stdout and stderr together,
   * UTF-8).
   */
  public record Result(int exitCode, String output) {

    /** Whether git exited with 0. */
    public boolean ok() {
      return exitCode == 0;
    }

    /** The output's lines, trailing white space stripped. */
    public List<String> lines() {
      return output.lines().map(String::stripTrailing).toList();
    }
  }

  private final Path home;
  private final Duration timeout;

  /** A git whose {@code HOME} is {@code home} (created, with a fresh {@code .gitconfig}). */
  public GitCli(Path home) {
    this(home, Duration.ofSeconds(120));
    try {
      Files.createDirectories(home);
      Files.writeString(
          home.resolve(".gitconfig"),
          """
          [user]
          \tname = Test User
          \temail = test@example.invalid
          [init]
          \tdefaultBranch = main
          [advice]
          \tdetachedHead = false
          """);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + home.resolve(".gitconfig"), e);
    }
  }

  private GitCli(Path home, Duration timeout) {
    this.home = home;
    this.timeout = timeout;
  }

  /** This git with runs killed after {@code timeout}. */
  public GitCli withTimeout(Duration timeout) {
    return new GitCli(home, timeout);
  }

  /** Runs {@code git args...} in {@code dir}; never throws for a non-zero exit. */
  public Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("GIT_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " did not finish in " + timeout);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running git", e);
    }
  }

  /**
   * Runs a command that must succeed (else an {@link AssertionError} with its output), and returns
   * its output.
   */
  public String ok(Path dir, String... args) {
    Result result = run(dir, args);
    if (!result.ok()) {
      throw new AssertionError(
          "git "
              + String.join(" ", args)
              + " failed ("
              + result.exitCode()
              + "):\n"
              + result.output());
    }
    return result.output();
  }

  /**
   * Clones {@code url} quietly into a new folder below {@code parent}; returns the clone's work
   * tree.
   */
  public Path clone(String url, Path parent) {
    Path dir = parent.resolve("clone-" + System.nanoTime());
    ok(parent, "clone", "-q", url, dir.toString());
    return dir;
  }

  /**
   * Writes {@code content} to {@code path} of the work tree {@code clone} (folders created), adds
   * it and commits it with {@code message} as the configured test user; returns {@code clone}.
   */
  public Path commitFile(Path clone, String path, String content, String message) {
    Path file = clone.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    ok(clone, "add", path);
    ok(clone, "commit", "-q", "-m", message);
    return clone;
  }
}
