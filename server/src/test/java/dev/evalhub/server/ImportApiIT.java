package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.importers.LogReaders;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/models/{ns}/{name}/results/import} on a real hub over HTTP: raw and multipart
 * uploads, the preview, commits and pull requests, and the refusals (no token, a read token, a
 * private model, logs that are not logs, truncated or unmapped). The tests that need a reader of
 * lm-evaluation-harness run once one is in {@link LogReaders}.
 */
class ImportApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TINY = Samples.root().resolve("lm-eval/generated-tiny");
  private static final String RESULTS = "results_2026-11-27T16-36-41.214631.json";
  private static final String SAMPLES = "samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl";
  private static final String IMPORT = "/api/models/alice/gpt/results/import";

  @TempDir Path temp;
  private TestHub hub;
  private String writeToken;
  private String readToken;
  private String bobToken;
  private final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, JsonNode json, String body) {}

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .org("acme", "alice")
            .repo("datasets/acme/tiny", false)
            .repo("alice/gpt", false)
            .repo("alice/secret", true);
    writeToken = hub.token("alice", Role.WRITE);
    readToken = hub.token("alice", Role.READ);
    bobToken = hub.token("bob", Role.WRITE);
    TestStorage.commitFile(
        hub.server().hub().storage(),
        RepoId.parsePath("datasets/acme/tiny").orElseThrow(),
        "eval.yaml",
        """
        name: Tiny
        description: A tiny multiple-choice benchmark.
        evaluation_framework: lm-evaluation-harness
        tasks:
          - id: letter
          - id: cloze
        evalhub:
          tasks:
            letter:
              sources:
                - {framework: lm-evaluation-harness, task: tiny_mc_letter, metric: "acc,none", scale: 100}
            cloze:
              sources:
                - {framework: lm-evaluation-harness, task: tiny_mc_cloze, metric: "acc,none", scale: 100}
        """,
        "benchmark",
        "alice");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private static boolean reads(String framework) {
    return LogReaders.all().stream().anyMatch(r -> r.framework().equals(framework));
  }

  private Answer send(HttpRequest.Builder request, String token) throws Exception {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
    return new Answer(response.statusCode(), json, response.body());
  }

  private Answer raw(String query, String token, byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + IMPORT + query))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        token);
  }

  private Answer multipart(String query, String token, Map<String, byte[]> files) throws Exception {
    String boundary = "----evalhub-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + file.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file.getValue());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + IMPORT + query))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
        token);
  }

  private String mainOf(String repo) throws Exception {
    return send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/api/models/" + repo)).GET(),
            writeToken)
        .json()
        .path("sha")
        .asText();
  }

  private static byte[] bytes(String name) throws Exception {
    return Files.readAllBytes(TINY.resolve(name));
  }

  private static Map<String, byte[]> tinyRun() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("tiny/" + RESULTS, bytes(RESULTS));
    files.put("tiny/" + SAMPLES, bytes(SAMPLES));
    return files;
  }

  @Test
  void withoutATokenTheImportIsUnauthorized() throws Exception {
    Answer answer = raw("?filename=x.json", null, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(401);
  }

  @Test
  void aReadTokenCannotCommitNorOpenAPullRequest() throws Exception {
    String before = mainOf("alice/gpt");

    assertThat(raw("?filename=x.json", readToken, new byte[] {'{', '}'}).status()).isEqualTo(403);
    assertThat(raw("?filename=x.json&create_pr=1", readToken, new byte[] {'{', '}'}).status())
        .isEqualTo(403);
    assertThat(mainOf("alice/gpt")).isEqualTo(before);
  }

  @Test
  void aPrivateModelIsNotFoundForAStrangerEvenForAPullRequest() throws Exception {
    Answer answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        hub.baseUrl()
                            + "/api/models/alice/secret/results/import?filename=x.json&create_pr=1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")),
            bobToken);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("error").asText()).isEqualTo("repository alice/secret not found");
  }

  @Test
  void aRawBodyNeedsAFileName() throws Exception {
    Answer answer = raw("", writeToken, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).contains("?filename=NAME");
  }

  @Test
  void filesThatAreNoLogsAre400WithADiagnosticPerFileNamedWithItsFolder() throws Exception {
    String before = mainOf("alice/gpt");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("run1/notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
    files.put("run1/more.txt", "again".getBytes(StandardCharsets.UTF_8));

    Answer answer = multipart("", writeToken, files);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().path("diagnostics").findValuesAsText("file"))
        .containsExactly("run1/notes.txt", "run1/more.txt");
    assertThat(answer.json().path("diagnostics").get(0).path("severity").asText())
        .isEqualTo("error");
    assertThat(answer.json().path("diagnostics").get(0).path("text").asText())
        .startsWith("run1/notes.txt: error: not a log evalhub reads");
    assertThat(answer.json().has("commit")).isFalse();
    assertThat(mainOf("alice/gpt")).isEqualTo(before);
  }

  @Test
  void aDryRunPreviewsTheEntriesAndCommitsNothing() throws Exception {
    assumeTrue(reads("lm-evaluation-harness"), "needs the lm-evaluation-harness reader");
    String before = mainOf("alice/gpt");

    Answer answer = multipart("?dry_run=1", writeToken, tinyRun());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode letter = answer.json().path("results").get(0);
    assertThat(letter.path("dataset").path("id").asText()).isEqualTo("acme/tiny");
    assertThat(letter.path("dataset").path("task_id").asText()).isEqualTo("letter");
    assertThat(letter.path("value").asDouble()).isEqualTo(62.5);
    assertThat(letter.path("from").path("task").asText()).isEqualTo("tiny_mc_letter");
    assertThat(letter.path("from").path("metric").asText()).isEqualTo("acc,none");
    assertThat(letter.path("methodology").path("framework").asText())
        .isEqualTo("lm-evaluation-harness");
    assertThat(answer.json().path("results_path").asText())
        .matches("\\.eval_results/tiny-[0-9a-f]{12}\\.yaml");
    assertThat(answer.json().path("results_yaml").asText()).contains("task_id: letter");
    assertThat(answer.json().has("commit")).isFalse();
    assertThat(mainOf("alice/gpt")).isEqualTo(before);
  }

  @Test
  void anImportCommitsTheResultsAndThePerSampleFileDownloadsByteForByte() throws Exception {
    assumeTrue(reads("lm-evaluation-harness"), "needs the lm-evaluation-harness reader");

    Answer answer = multipart("", writeToken, tinyRun());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    String commit = answer.json().path("commit").path("oid").asText();
    assertThat(mainOf("alice/gpt")).isEqualTo(commit);
    JsonNode details = answer.json().path("results").get(0).path("details");
    assertThat(details.path("path").asText()).startsWith(".eval_results/details/");
    HttpResponse<byte[]> download =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        hub.baseUrl() + "/alice/gpt/resolve/main/" + details.path("path").asText()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
        .isEqualTo(details.path("sha256").asText());
    assertThat(Arrays.equals(download.body(), bytes(SAMPLES))).isTrue();

    Answer again = multipart("", writeToken, tinyRun());
    assertThat(again.json().path("commit").path("oid").asText()).isEqualTo(commit);
  }

  @Test
  void aStrangerOpensAPullRequestWithTheRawBody() throws Exception {
    assumeTrue(reads("lm-evaluation-harness"), "needs the lm-evaluation-harness reader");
    String before = mainOf("alice/gpt");

    Answer answer = raw("?filename=" + RESULTS + "&create_pr=1", bobToken, bytes(RESULTS));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().path("pull_request").path("num").asInt()).isEqualTo(1);
    assertThat(answer.json().path("pull_request").path("url").asText())
        .endsWith("/alice/gpt/discussions/1");
    assertThat(mainOf("alice/gpt")).isEqualTo(before);
  }

  @Test
  void aTruncatedLogIs400WithAPositionedDiagnosticAndNoCommit() throws Exception {
    assumeTrue(reads("lm-evaluation-harness"), "needs the lm-evaluation-harness reader");
    String before = mainOf("alice/gpt");
    byte[] whole = bytes(RESULTS);

    Answer answer = raw("?filename=" + RESULTS, writeToken, Arrays.copyOf(whole, whole.length / 2));

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    JsonNode first = answer.json().path("diagnostics").get(0);
    assertThat(first.path("file").asText()).isEqualTo(RESULTS);
    assertThat(first.path("severity").asText()).isEqualTo("error");
    assertThat(first.path("line").asInt()).isPositive();
    assertThat(answer.json().path("error").asText()).startsWith(RESULTS + ":");
    assertThat(answer.json().has("commit")).isFalse();
    assertThat(mainOf("alice/gpt")).isEqualTo(before);
  }

  @Test
  void aLogNoBenchmarkMapsIs400ListingWhatItHolds() throws Exception {
    assumeTrue(reads("lm-evaluation-harness"), "needs the lm-evaluation-harness reader");
    byte[] legacy =
        Files.readAllBytes(
            Samples.root().resolve("lm-eval/legacy_v0.3_arc_challenge-v2.0-res.json"));

    Answer answer = raw("?filename=arc.json", writeToken, legacy);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().path("error").asText())
        .contains("the logs hold: lm-evaluation-harness arc_challenge")
        .contains("--benchmark NS/NAME --task ID --metric KEY");
  }
}
