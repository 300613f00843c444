package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model card is never a reason to refuse a push that the Hub would take: READMEs whose
 * model-index holds values that are not numbers, results without a dataset, or front matter the Hub
 * does not read are accepted with warnings, over real {@code git push} and the commit API; their
 * values show as text among the model page's model-card results. Only what the Hub's schema refuses
 * is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelCardPushIT {

  /** The example of issue 10, item 15. */
  static final String ISSUE_EXAMPLE =
      """
      ---
      model-index:
      - name: demo-asr
        results:
        - task: {type: automatic-speech-recognition}
          dataset: {type: librispeech_asr, name: LibriSpeech}
          metrics:
          - {type: wer, value: "20.0 ± 1.2"}
        - task: {type: token-classification}
          metrics:
          - {type: f1, value: pending}
      ---
      # demo-asr
      """;

  @TempDir static Path temp;
  private TestHub hub;
  private GitCli git;
  private String alice;

  @BeforeAll
  void startHub() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .repo("alice/asr", false)
            .repo("alice/dashes", false)
            .repo("alice/broken", false)
            .repo("alice/api", false);
    alice = hub.token("alice", Role.WRITE);
    git = new GitCli(temp.resolve("home"));
  }

  @AfterAll
  void stopHub() {
    hub.close();
  }

  private GitCli.Result pushReadme(String repo, String readme) throws Exception {
    Path clone = temp.resolve("clone-" + System.nanoTime());
    git.ok(temp, "clone", hub.gitUrl(repo, alice), clone.toString());
    Files.writeString(clone.resolve("README.md"), readme);
    git.ok(clone, "add", "README.md");
    git.ok(clone, "commit", "-q", "-m", "Model card");
    return git.run(clone, "push", "origin", "main");
  }

  @Test
  void theIssuesExampleIsAcceptedWithAWarningPerValueAndShownAsText() throws Exception {
    GitCli.Result push = pushReadme("alice/asr", ISSUE_EXAMPLE);

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(push.lines())
        .filteredOn(line -> line.startsWith("remote: warning:"))
        .containsExactly(
            "remote: warning: README.md:8:26: value is not a number, found string \"20.0 ± 1.2\"; kept as text, never"
                + " ranked (at model-index[0].results[0].metrics[0].value)",
            "remote: warning: README.md:11:25: value is not a number, found string \"pending\"; kept as text, never"
                + " ranked (at model-index[0].results[1].metrics[0].value)");
    String page = new HubHttp(hub.baseUrl()).get("/alice/asr", null).body();
    assertThat(page)
        .contains(
            "Model card results (model-index)",
            "<td>LibriSpeech</td><td>wer</td>" + "<td class=\"num\">20.0 ± 1.2</td>",
            "<td>token-classification</td><td></td><td>f1</td>" + "<td class=\"num\">pending</td>");
    assertThat(
            new HubHttp(hub.baseUrl())
                .get("/api/models/alice/asr?expand[]=evalResults", null)
                .body())
        .contains("\"evalResults\":[]");
  }

  @Test
  void frontMatterTheHubDoesNotReadIsAcceptedWithAWarning() throws Exception {
    GitCli.Result push = pushReadme("alice/dashes", "--- \nmodel-index: [oops]\n---\n# Card\n");

    assertThat(push.ok()).as(push.output()).isTrue();
    assertThat(push.lines())
        .contains(
            "remote: warning: README.md:1:1: the file starts with \"---\" but the Hub"
                + " reads no front matter: the opening line must be exactly \"---\"; its model-index is not read");
  }

  @Test
  void aCardTheHubsSchemaRefusesIsRefused() throws Exception {
    GitCli.Result push =
        pushReadme(
            "alice/broken",
            "---\nmodel-index:\n- name: m\n  results:\n  - metrics: [{type: f1, value: pending}]\n---\n");

    assertThat(push.ok()).isFalse();
    assertThat(push.lines())
        .contains(
            "remote: error: README.md:5:5: missing required key \"task\" (at model-index[0].results[0])");
  }

  @Test
  void theCommitApiAcceptsTheIssuesExample() throws Exception {
    String content =
        Base64.getEncoder().encodeToString(ISSUE_EXAMPLE.getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"key\":\"header\",\"value\":{\"summary\":\"Model card\"}}\n"
            + "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":\""
            + content
            + "\",\"encoding\":\"base64\"}}\n";

    var response =
        new HubHttp(hub.baseUrl())
            .send(
                "POST",
                "/api/models/alice/api/commit/main",
                alice,
                body,
                "Content-Type",
                "application/x-ndjson");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(new HubHttp(hub.baseUrl()).get("/api/models/alice/api", null).body())
        .contains("\"value\":\"20.0 ± 1.2\"", "\"value\":\"pending\"");
  }
}
