package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evalhub export --eee}: a model's results from a running hub as Every Eval Ever records.
 */
class ExportCommandTest {

  private static final String RESULTS =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: 20.9
        methodology:
          framework: lm-evaluation-harness
          num_fewshot: 5
      """;

  @TempDir Path temp;
  private TestHub hub;
  private String alice;

  @BeforeEach
  void startHub() {
    hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/secret", true);
    alice = hub.token("alice", Role.WRITE);
    GitCli git = new GitCli(temp.resolve("home"));
    Path clone = git.clone(hub.gitUrl("alice/secret", alice), temp);
    git.ok(
        git.commitFile(clone, ".eval_results/hle.yaml", RESULTS, "Add HLE"),
        "push",
        "-q",
        "origin",
        "main");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void theRecordsOfAPrivateModelPrintWithItsWritersToken() {
    CommandRun run =
        CommandRun.of(
            "export", "--eee", "--model", "alice/secret", "--hub", hub.baseUrl(), "--token", alice);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .startsWith("[ {")
        .contains("\"schema_version\" : \"0.3.0\"")
        .contains("\"name\" : \"lm_eval\"")
        .contains("\"evalhub.methodology.num_fewshot\" : \"5\"");
  }

  @Test
  void oneEntryIsWrittenToAFile() throws Exception {
    Path out = temp.resolve("hle.eee.json");

    CommandRun run =
        CommandRun.of(
            "export",
            "--eee",
            "--model",
            "alice/secret",
            "--hub",
            hub.baseUrl() + "/",
            "--token",
            alice,
            "--file",
            ".eval_results/hle.yaml",
            "--index",
            "0",
            "--out",
            out.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.err()).isEqualTo("wrote " + out + System.lineSeparator());
    assertThat(Files.readString(out)).startsWith("{").contains("\"score\" : 20.9");
  }

  @Test
  void withoutATokenThePrivateModelIsNotFound() {
    CommandRun run =
        CommandRun.of("export", "--eee", "--model", "alice/secret", "--hub", hub.baseUrl());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "evalhub: the hub answered 404: repository alice/secret not found"
                + System.lineSeparator());
  }

  @Test
  void aFileWithoutAnIndexIsRefusedBeforeAsking() {
    CommandRun run =
        CommandRun.of(
            "export", "--eee", "--model", "alice/secret", "--file", ".eval_results/hle.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("evalhub: --file and --index go together" + System.lineSeparator());
  }
}
