package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.leaderboard.Verdict;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaderboard's CSV and Parquet exports hold every row of every methodology group with typed
 * values, read back by Commons CSV and by DuckDB as they were written; CSV text that a spreadsheet
 * would run as a formula is defused.
 */
class LeaderboardExportTest {

  private static final TaskRef TASK =
      new TaskRef(new RepoId(RepoType.DATASET, "acme", "mmlu"), "mmlu");

  private static final String AWKWARD = "runs, \"quoted\"\nand a second line";

  @Test
  void csvRoundTripsEveryRowOfEveryGroup() throws IOException {
    List<CSVRecord> records = csv(board());

    assertThat(records).hasSize(4);
    assertThat(records.get(0).toMap())
        .containsEntry("dataset", "acme/mmlu")
        .containsEntry("rank", "1")
        .containsEntry("model", "meta/llama-65b")
        .containsEntry("value", "0.637")
        .containsEntry("stderr", "0.004")
        .containsEntry("num_samples", "14042")
        .containsEntry("group", "framework=helm;num_fewshot=5")
        .containsEntry("methodology_framework", "helm")
        .containsEntry("methodology_num_fewshot", "5")
        .containsEntry("provenance", "main")
        .containsEntry("pull_request", "")
        .containsEntry("verified", "true")
        .containsEntry("badges", "verified source")
        .containsEntry("date", "2023-06-23T00:00:00Z")
        .containsEntry("source_url", "https://huggingface.co/blog/evaluating-mmlu-leaderboard")
        .containsEntry("notes", AWKWARD)
        .containsEntry("n", "14042")
        .containsEntry("stderr_source", "file")
        .containsEntry("ci_lower", "0.629")
        .containsEntry("ci_upper", "0.645")
        .containsEntry("ci_method", "wilson")
        .containsEntry("rank_upper", "1")
        .containsEntry("tier", "1")
        .containsEntry("claims", "0.71@pr#3 0.7@pr#5")
        .containsEntry("flag", "");
    assertThat(records.get(1).toMap())
        .containsEntry("n", "14042")
        .containsEntry("stderr_source", "")
        .containsEntry("ci_lower", "")
        .containsEntry("rank_upper", "")
        .containsEntry("tier", "")
        .containsEntry("claims", "");
    assertThat(records.get(3).toMap())
        .as("a flagged row is exported, unranked, with why")
        .containsEntry("rank", "0")
        .containsEntry("model", "acme/percent")
        .containsEntry("value", "63.7")
        .containsEntry(
            "flag", "outside the task's range [0, 1] (looks like a percentage on a [0, 1] task)");
    assertThat(records.get(2).toMap())
        .containsEntry("methodology_framework", "lm-eval")
        .containsEntry("provenance", "pull_request")
        .containsEntry("pull_request", "7")
        .containsEntry("stderr", "")
        .containsEntry("num_samples", "");
  }

  @Test
  void csvDefusesCellsASpreadsheetWouldRunAsFormulas() throws IOException {
    List<CSVRecord> records = csv(board());

    assertThat(records.get(1).get("source_name")).isEqualTo("'=HYPERLINK(\"https://evil\")");
    assertThat(records.get(2).get("notes")).isEqualTo("'@SUM(1+1)");
    assertThat(LeaderboardCsv.guarded("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
    assertThat(List.of("+1", "-1", "@a", "\tx", "\rx").stream().map(LeaderboardCsv::guarded))
        .allMatch(text -> text.startsWith("'"));
    assertThat(LeaderboardCsv.guarded("meta/llama-65b")).isEqualTo("meta/llama-65b");
    assertThat(LeaderboardCsv.guarded("")).isEmpty();
  }

  @Test
  void csvIsRfc4180WithCrlfAndQuotedText() {
    String text = new String(LeaderboardCsv.write(LeaderboardTable.of(board())), UTF8);

    assertThat(text).startsWith("\"dataset\",\"task_id\",\"rank\",").contains("\r\n");
    assertThat(text).contains(",1,\"meta/llama-65b\",0.637,0.004,14042,");
  }

  @Test
  void parquetRoundTripsWithTypedColumns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("board.parquet");
    Files.write(file, LeaderboardParquet.write(LeaderboardTable.of(board())));

    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties())) {
      String table = "read_parquet('" + file + "')";
      assertThat(
              rows(
                  db,
                  "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                      + table
                      + ") WHERE column_name IN ('rank','value','stderr','num_samples','verified',"
                      + "'date','pull_request') ORDER BY column_name"))
          .containsExactly(
              List.of("date", "TIMESTAMP WITH TIME ZONE"),
              List.of("num_samples", "BIGINT"),
              List.of("pull_request", "INTEGER"),
              List.of("rank", "INTEGER"),
              List.of("stderr", "DOUBLE"),
              List.of("value", "DOUBLE"),
              List.of("verified", "BOOLEAN"));
      assertThat(
              rows(
                  db,
                  "SELECT rank, model, value, stderr, num_samples, methodology_framework,"
                      + " pull_request, verified, epoch_ms(date), notes, source_name FROM "
                      + table))
          .containsExactly(
              java.util.Arrays.asList(
                  1,
                  "meta/llama-65b",
                  0.637,
                  0.004,
                  14042L,
                  "helm",
                  null,
                  true,
                  1_687_478_400_000L,
                  AWKWARD,
                  "HF blog"),
              java.util.Arrays.asList(
                  2,
                  "tiiuae/falcon-40b",
                  0.571,
                  0.0042,
                  14042L,
                  "helm",
                  null,
                  false,
                  1_687_478_400_123L,
                  null,
                  "=HYPERLINK(\"https://evil\")"),
              java.util.Arrays.asList(
                  1,
                  "tiiuae/falcon-40b",
                  0.527,
                  null,
                  null,
                  "lm-eval",
                  7,
                  false,
                  1_687_000_000_000L,
                  "@SUM(1+1)",
                  null),
              java.util.Arrays.asList(
                  0, "acme/percent", 63.7, null, null, "helm", null, false, 0L, null, null));
      assertThat(
              rows(
                  db,
                  "SELECT n, stderr_source, ci_lower, ci_upper, ci_method, rank_upper, tier,"
                      + " claims FROM "
                      + table
                      + " WHERE model = 'meta/llama-65b'"))
          .containsExactly(
              java.util.Arrays.asList(
                  14_042L, "file", 0.629, 0.645, "wilson", 1, 1, "0.71@pr#3 0.7@pr#5"));
    }
  }

  @Test
  void anEmptyLeaderboardExportsItsHeaderAndNoRow(@TempDir Path dir) throws Exception {
    Leaderboard empty = new Leaderboard(TASK, "acc", true, List.of());

    assertThat(csv(empty)).isEmpty();
    Path file = dir.resolve("empty.parquet");
    Files.write(file, LeaderboardParquet.write(LeaderboardTable.of(empty)));
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties())) {
      assertThat(rows(db, "SELECT count(*) FROM read_parquet('" + file + "')"))
          .containsExactly(List.of(0L));
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static List<CSVRecord> csv(Leaderboard board) throws IOException {
    String text = new String(LeaderboardCsv.write(LeaderboardTable.of(board)), UTF8);
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

  private static List<List<Object>> rows(Connection db, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Two HELM rows (the 2023 MMLU table, §1.2) and a harness row from an open pull request. */
  static Leaderboard board() {
    Map<String, String> helm = new LinkedHashMap<>();
    helm.put("framework", "helm");
    helm.put("num_fewshot", "5");
    Map<String, String> harness = new LinkedHashMap<>();
    harness.put("framework", "lm-eval");
    harness.put("num_fewshot", "5");
    String blog = "https://huggingface.co/blog/evaluating-mmlu-leaderboard";
    List<LeaderboardEntry> entries =
        List.of(
            precise(
                entry(
                    1,
                    "meta/llama-65b",
                    0.637,
                    Optional.of(0.004),
                    OptionalLong.of(14_042),
                    helm,
                    Optional.empty(),
                    true,
                    Optional.of(new LeaderboardEntry.SourceLink(blog, Optional.of("HF blog"))),
                    Optional.of(AWKWARD),
                    Instant.parse("2023-06-23T00:00:00Z"))),
            entry(
                2,
                "tiiuae/falcon-40b",
                0.571,
                Optional.of(0.0042),
                OptionalLong.of(14_042),
                helm,
                Optional.empty(),
                false,
                Optional.of(
                    new LeaderboardEntry.SourceLink(
                        "https://evil.example/x", Optional.of("=HYPERLINK(\"https://evil\")"))),
                Optional.empty(),
                Instant.parse("2023-06-23T00:00:00.123Z")),
            entry(
                1,
                "tiiuae/falcon-40b",
                0.527,
                Optional.empty(),
                OptionalLong.empty(),
                harness,
                Optional.of(new PrNumber(7)),
                false,
                Optional.empty(),
                Optional.of("@SUM(1+1)"),
                Instant.ofEpochMilli(1_687_000_000_000L)));
    LeaderboardEntry percent =
        entry(
            0,
            "acme/percent",
            63.7,
            Optional.empty(),
            OptionalLong.empty(),
            helm,
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty(),
            Instant.EPOCH);
    LeaderboardEntry flagged =
        new LeaderboardEntry(
            0,
            percent.model(),
            percent.score(),
            percent.location(),
            percent.verdict(),
            percent.provenance(),
            percent.badges(),
            List.of(),
            Optional.of(
                new LeaderboardEntry.RangeFlag(
                    "outside the task's range [0, 1]",
                    Optional.of("looks like a percentage on a [0, 1] task"))));
    return new Leaderboard(
        TASK,
        "acc",
        true,
        entries.stream().map(e -> e.provenance().group()).distinct().toList(),
        entries,
        List.of(flagged));
  }

  /** {@code entry} with the hub's uncertainty, a statistical rank and two community claims. */
  private static LeaderboardEntry precise(LeaderboardEntry entry) {
    return new LeaderboardEntry(
        entry.rank(),
        entry.model(),
        entry.score(),
        entry.location(),
        entry.verdict(),
        entry.provenance(),
        entry.badges(),
        List.of(
            new LeaderboardEntry.Claim(0.71, new PrNumber(3), "mallory"),
            new LeaderboardEntry.Claim(0.7, new PrNumber(5), "eve")),
        Optional.empty(),
        Optional.of(
            new Uncertainty(
                OptionalLong.of(14_042),
                Optional.of(0.004),
                Optional.of(Uncertainty.Source.FILE),
                Optional.of(new Uncertainty.ConfidenceInterval(0.629, 0.645, 0.95, "wilson")),
                OptionalInt.empty())),
        Optional.of(new StatisticalRank(1, 1, Optional.empty())));
  }

  private static LeaderboardEntry entry(
      int rank,
      String model,
      double value,
      Optional<Double> stderr,
      OptionalLong numSamples,
      Map<String, String> group,
      Optional<PrNumber> pullRequest,
      boolean verified,
      Optional<LeaderboardEntry.SourceLink> source,
      Optional<String> notes,
      Instant date) {
    List<Badge> badges = new ArrayList<>();
    if (verified) {
      badges.add(Badge.verified("https://hub"));
    }
    pullRequest.ifPresent(pr -> badges.add(Badge.community(pr)));
    source.ifPresent(s -> badges.add(Badge.source(s.name().orElse("x"), s.url())));
    badges.add(Badge.leaderboard(TASK));
    return new LeaderboardEntry(
        rank,
        new LeaderboardEntry.Model(RepoId.parsePath(model).orElseThrow(), true),
        new LeaderboardEntry.Score(value, stderr),
        new ResultLocation(".eval_results/mmlu.yaml", pullRequest),
        new Verdict(verified, Optional.empty()),
        new LeaderboardEntry.Provenance(
            source, notes, Optional.empty(), new MethodologyGroup(group), date, numSamples),
        badges);
  }
}
