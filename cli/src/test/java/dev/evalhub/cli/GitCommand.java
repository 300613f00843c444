package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code git} command line in a test: run in a folder, with {@code HOME} set to the test's
 * folder, the system configuration and every {@code GIT_*} variable of the environment left out,
 * and no prompt for credentials.
 */
final class GitCommand {

  /** What a run of git gave: its exit code and its output (stdout and stderr). */
  record Result(int exitCode, String output) {}

  private GitCommand() {}

  static Result run(Path home, Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("GIT_"));
    builder.environment().put("HOME", home.toString());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  /** Runs git and fails the test unless it exits with 0; returns its output. */
  static String ok(Path home, Path dir, String... args) throws IOException, InterruptedException {
    Result result = run(home, dir, args);
    assertThat(result.exitCode()).as("git %s: %s", List.of(args), result.output()).isZero();
    return result.output();
  }
}
