package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the official JavaScript client, {@code @huggingface/hub} as pinned in {@code compat/hfjs},
 * against a real hub: {@code node --test} in that folder, with the hub's URL and two users' tokens
 * in the environment. Needs {@code npm ci} in {@code compat/hfjs} first ({@code .ci/run} does it).
 */
class HuggingFaceClientIT {

  private static final Path SUITE =
      Path.of(System.getProperty("evalhub.projectRoot", ".."), "compat", "hfjs");

  @TempDir Path temp;

  @Test
  void officialJavaScriptClientWorksAgainstTheHub() throws Exception {
    assertThat(SUITE.resolve("node_modules/@huggingface/hub/package.json"))
        .as(
            "@huggingface/hub is not installed: run `npm ci` in %s (mvn verify does, before the integration tests)",
            SUITE.toAbsolutePath())
        .isRegularFile();
    try (TestHub hub = new TestHub(temp.resolve("data")).user("alice").user("bob")) {
      ProcessBuilder node =
          new ProcessBuilder("node", "--test", "--test-reporter=spec")
              .directory(SUITE.toFile())
              .redirectErrorStream(true);
      node.environment()
          .putAll(
              Map.of(
                  "EVALHUB_URL",
                  hub.baseUrl(),
                  "EVALHUB_ALICE_TOKEN",
                  hub.token("alice", Role.WRITE),
                  "EVALHUB_BOB_TOKEN",
                  hub.token("bob", Role.WRITE),
                  "NO_COLOR",
                  "1"));
      Path log = temp.resolve("node.log");
      node.redirectOutput(log.toFile());
      Process process = start(node);
      boolean finished = process.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        // Reaped before the hub stops and the temporary folder is deleted under it.
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println("== node --test (compat/hfjs)\n" + output);
      assertThat(finished).as("node --test did not finish in 5 minutes:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("node --test failed:%n%s", output).isZero();
    }
  }

  private static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run node (Node.js 20 or later must be on the PATH): " + e.getMessage(), e);
    }
  }
}
