package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The end-to-end test on a real hub over HTTP: a benchmark whose task names an
 * lm-evaluation-harness task and an Inspect AI task as its sources; an lm-eval run imported through
 * {@code evalhub import} (committed to main) and an Inspect run through the API (as a pull
 * request); both on the leaderboard in different methodology groups, and their per-sample files
 * downloadable byte for byte with the SHA-256 their entries state.
 */
class ImportLogsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TINY = Samples.root().resolve("lm-eval/generated-tiny");
  private static final Path INSPECT = Samples.root().resolve("inspect-ai/eee_data_arc_sonnet.json");

  @TempDir Path temp;
  private TestHub hub;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .org("acme", "alice")
            .repo("datasets/acme/tiny", false)
            .repo("alice/gpt", false);
    token = hub.token("alice", Role.WRITE);
    TestStorage.commitFile(
        hub.server().hub().storage(),
        RepoId.parsePath("datasets/acme/tiny").orElseThrow(),
        "eval.yaml",
        """
        name: Tiny
        description: A tiny multiple-choice benchmark, run by two frameworks.
        evaluation_framework: lm-evaluation-harness
        tasks:
          - id: letter
        evalhub:
          tasks:
            letter:
              metric: {name: accuracy, range: [0, 100]}
              sources:
                - {framework: lm-evaluation-harness, task: tiny_mc_letter, metric: "acc,none", scale: 100}
                - {framework: inspect-ai, task: inspect_evals/arc_easy, metric: accuracy, scale: 100}
        """,
        "benchmark",
        "alice");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = EvalhubCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private byte[] download(String path) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void anLmEvalRunByTheCliAndAnInspectRunByTheApiLandInTwoMethodologyGroups() throws Exception {
    Run imported =
        cli(
            "import",
            "--model",
            "alice/gpt",
            "--hub",
            hub.baseUrl(),
            "--token",
            token,
            TINY.resolve("results_2026-11-27T16-36-41.214631.json").toString(),
            TINY.resolve("samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl").toString());

    assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
    assertThat(imported.out())
        .contains("acme/tiny letter = 62.5")
        .contains("lm-evaluation-harness tiny_mc_letter acc,none")
        .contains("committed .eval_results/tiny-");

    HttpResponse<String> pr =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        hub.baseUrl()
                            + "/api/models/alice/gpt/results/import?create_pr=1&filename="
                            + INSPECT.getFileName()))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(INSPECT))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pr.statusCode()).as(pr.body()).isEqualTo(200);
    assertThat(JSON.readTree(pr.body()).path("pull_request").path("num").asInt()).isEqualTo(1);

    JsonNode rows = get("/api/datasets/acme/tiny/leaderboard?task_id=letter");
    assertThat(rows).hasSize(2);
    List<String> frameworks = new ArrayList<>();
    List<JsonNode> groups = new ArrayList<>();
    for (JsonNode row : rows) {
      frameworks.add(row.path("methodology").path("framework").asText());
      groups.add(row.path("group"));
    }
    assertThat(frameworks).containsExactlyInAnyOrder("lm-evaluation-harness", "inspect-ai");
    assertThat(groups.get(0)).isNotEqualTo(groups.get(1));

    JsonNode model = get("/api/models/alice/gpt?expand[]=evalResults");
    int checked = 0;
    for (JsonNode row : rows) {
      String revision = row.has("pullRequest") ? "refs%2Fpr%2F1" : "main";
      byte[] results =
          download("/alice/gpt/resolve/" + revision + "/" + row.path("filename").asText());
      ResultEntry entry =
          EvalFormats.standard().readResults(results).value().orElseThrow().entries().get(0);
      String path = entry.details().path();
      assertThat(path).startsWith(".eval_results/details/");
      byte[] details = download("/alice/gpt/resolve/" + revision + "/" + path);
      assertThat(sha256(details)).isEqualTo(entry.details().sha256());
      checked++;
    }
    assertThat(checked).isEqualTo(2);
    assertThat(model.path("evalResults")).isNotEmpty();
    assertThat(
            sha256(
                download(
                    "/alice/gpt/resolve/refs%2Fpr%2F1/.eval_results/details/eee_data_arc_sonnet.json")))
        .isEqualTo(sha256(Files.readAllBytes(INSPECT)));
  }
}
