package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's leaderboard downloaded as CSV and Parquet from a running hub, and charted on its page:
 * results committed to two models, in two methodology groups, one with awkward text.
 */
class LeaderboardExportIT {

  private static final String NOTES = "runs, \"quoted\"\nand a second line";

  @TempDir Path temp;
  private TestHub hub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startHub() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .org("acme", "alice")
            .repo("datasets/acme/bench", false)
            .repo("alice/gpt", false)
            .repo("acme/llama", false);
    commit(
        "datasets/acme/bench",
        "eval.yaml",
        "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: t1\n");
    commit(
        "alice/gpt",
        ".eval_results/bench.yaml",
        "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.571\n  date: '2023-06-01'\n"
            + "  num_samples: 14042\n  stderr: 0.0042\n"
            + "  notes: \"runs, \\\"quoted\\\"\\nand a second line\"\n"
            + "  source:\n    url: https://example.org/log\n"
            + "    name: '=HYPERLINK(\"https://evil\")'\n"
            + "  methodology:\n    framework: helm\n    num_fewshot: 5\n"
            + "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.527\n  date: '2023-01-15'\n"
            + "  methodology:\n    framework: lm-eval\n    num_fewshot: 5\n");
    commit(
        "acme/llama",
        ".eval_results/bench.yaml",
        "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.637\n  date: '2023-06-23'\n"
            + "  methodology:\n    framework: helm\n    num_fewshot: 5\n");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void theCsvHoldsEveryRowOfEveryGroupAndReadsBackAsWritten() throws Exception {
    HttpResponse<String> response =
        http.send(request("/api/datasets/acme/bench/leaderboard.csv?task_id=t1"), ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"acme_bench_t1_leaderboard.csv\"");
    List<CSVRecord> rows = csv(response.body());
    assertThat(rows)
        .extracting(
            r -> r.get("model") + " " + r.get("methodology_framework") + " " + r.get("rank"))
        .containsExactlyInAnyOrder("acme/llama helm 1", "alice/gpt helm 2", "alice/gpt lm-eval 1");
    CSVRecord gpt =
        rows.stream()
            .filter(r -> r.get("model").equals("alice/gpt") && r.get("rank").equals("2"))
            .findFirst()
            .orElseThrow();
    assertThat(gpt.get("notes")).isEqualTo(NOTES);
    assertThat(gpt.get("source_name")).isEqualTo("'=HYPERLINK(\"https://evil\")");
    assertThat(gpt.get("num_samples")).isEqualTo("14042");
    assertThat(gpt.get("stderr")).isEqualTo("0.0042");
    assertThat(gpt.get("date")).isEqualTo("2023-06-01T00:00:00Z");
    assertThat(gpt.get("provenance")).isEqualTo("main");
  }

  @Test
  void theParquetFileReadsBackWithDuckDb() throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            request("/api/datasets/acme/bench/leaderboard.parquet?task_id=t1"),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.apache.parquet");
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"acme_bench_t1_leaderboard.parquet\"");
    Path file = temp.resolve("board.parquet");
    Files.write(file, response.body());
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT model, value, notes, strftime(date, '%Y-%m-%d') FROM read_parquet('"
                    + file
                    + "') WHERE methodology_framework = 'helm' ORDER BY rank")) {
      List<String> read = new ArrayList<>();
      while (rows.next()) {
        read.add(
            rows.getString(1)
                + " "
                + rows.getDouble(2)
                + " "
                + rows.getString(3)
                + " "
                + rows.getString(4));
      }
      assertThat(read)
          .containsExactly(
              "acme/llama 0.637 null 2023-06-23", "alice/gpt 0.571 " + NOTES + " 2023-06-01");
    }
  }

  @Test
  void anUnknownTaskHasNoExport() throws Exception {
    assertThat(
            http.send(request("/api/datasets/acme/bench/leaderboard.csv?task_id=t9"), ofString())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void theBenchmarkPageChartsEveryRowByDateAndLinksTheDownloads() throws Exception {
    String page = http.send(request("/datasets/acme/bench?task=t1"), ofString()).body();

    assertThat(page).contains("id=\"results-chart\"");
    assertThat(page.split("class=\"marker point\"", -1)).hasSize(4);
    assertThat(page)
        .contains(
            "href=\"/api/datasets/acme/bench/leaderboard.csv?task_id=t1&amp;base_model=false\"")
        .contains(
            "href=\"/api/datasets/acme/bench/leaderboard.parquet?task_id=t1&amp;base_model=false\"");
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }

  private void commit(String repo, String path, String content) {
    assertThat(
            TestStorage.commitFile(
                    hub.server().hub().storage(),
                    RepoId.parsePath(repo).orElseThrow(),
                    path,
                    content,
                    "seed",
                    "alice")
                .isCommitted())
        .as("%s %s", repo, path)
        .isTrue();
  }

  private static List<CSVRecord> csv(String text) throws Exception {
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(text))) {
      return parser.getRecords();
    }
  }
}
