package dev.evalhub.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line, isolated from the machine's configuration and never prompting.
 */
final class GitCli {

  /**
   * What a git command did: its exit code and everything it printed (stdout and stderr together).
   */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    List<String> lines() {
      return output.lines().map(String::stripTrailing).toList();
    }
  }

  private final Path home;

  GitCli(Path home) throws IOException {
    this.home = home;
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
  }

  Result run(Path dir, String... args) {
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
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running git", e);
    }
  }

  /** Runs a command that must succeed, and returns its output. */
  String ok(Path dir, String... args) {
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
}
