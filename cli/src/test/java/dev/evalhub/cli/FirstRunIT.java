package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.HubApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code evalhub serve} on an empty data folder prints the first steps with its own
 * URL, and the first two of them, pasted into a shell as printed, really create an account and push
 * a benchmark; once there is a benchmark, {@code serve} prints no steps.
 */
class FirstRunIT {

  @TempDir Path temp;

  @Test
  void serveOnAnEmptyDataFolderPrintsStepsThatWorkAndStopsPrintingThemOnceABenchmarkExists()
      throws Exception {
    Path data = temp.resolve("data");
    String banner;
    try (ServeProcess serve = ServeProcess.start(data)) {
      String url = serve.baseUrl();
      serve.awaitLine("--token $TOKEN");
      banner = serve.output();

      assertThat(banner)
          .contains(
              "This hub has no benchmark yet",
              "./evalhub user create alice --data " + data,
              "git clone http://x:$TOKEN@127.0.0.1:" + serve.awaitPort() + "/datasets/alice/mmlu",
              "./evalhub import --model alice/my-model --hub " + url + " --token $TOKEN");

      Process shell = runSteps(commandsOfSteps(serve.lines(), 1, 2));
      assertThat(shell.waitFor(ServeProcess.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(shell.exitValue())
          .as(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
      assertThat(new HubApi(url).get("/api/datasets/alice/mmlu/leaderboards", null).status())
          .isEqualTo(200);
      serve.terminate();
      serve.awaitExit();
    }

    try (ServeProcess again = ServeProcess.start(data)) {
      again.awaitPort();
      again.terminate();
      again.awaitExit();
      assertThat(again.output()).doesNotContain("no benchmark yet", "evalhub user create");
    }
  }

  /** The command lines of steps {@code from}..{@code to} of the printed banner (not comments). */
  private static String commandsOfSteps(List<String> lines, int from, int to) {
    StringBuilder script = new StringBuilder();
    int step = 0;
    for (String line : lines) {
      if (line.matches("# \\d\\. .*")) {
        step = Integer.parseInt(line.substring(2, 3));
      } else if (line.isEmpty()) {
        step = 0;
      } else if (step >= from
          && step <= to
          && !line.startsWith("# ")
          && !line.contains(" INFO dev.evalhub.")) {
        script.append(line).append('\n');
      }
    }
    return script.toString();
  }

  /**
   * Runs {@code commands} with bash in a fresh folder, with {@code ./evalhub} standing for the
   * packaged command.
   */
  private Process runSteps(String commands) throws Exception {
    Path work = Files.createDirectories(temp.resolve("shell"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Path.of("target", "evalhub.jar").toAbsolutePath().toString();
    Files.writeString(
        work.resolve("evalhub"),
        "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -jar '" + jar + "' \"$@\"\n");
    assertThat(work.resolve("evalhub").toFile().setExecutable(true)).isTrue();
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands)
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder.environment().put("GIT_AUTHOR_NAME", "alice");
    builder.environment().put("GIT_AUTHOR_EMAIL", "alice@example.org");
    builder.environment().put("GIT_COMMITTER_NAME", "alice");
    builder.environment().put("GIT_COMMITTER_EMAIL", "alice@example.org");
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("HOME", work.toString());
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    return builder.start();
  }
}
