package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.TaskNotice;
import dev.evalhub.domain.leaderboard.Trust;
import dev.evalhub.domain.repo.FileChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's DROP case on the index: a task version declared invalid in {@code eval.yaml} moves the
 * results measured with it out of the default leaderboard (listed apart, with the invalidation and
 * its badge), marks the results stating no version, is named on the benchmark's changes record with
 * who, when, why and how many results, and comes back when the declaration is reverted; a
 * deprecated task shows a banner and still ranks, a withdrawn one is frozen. Index equals reindex
 * after each step, on H2 and PostgreSQL.
 */
class TaskInvalidationTest {

  private static final String DATASET = "acme/drop";
  private static final String REASON = "answers ending in a stop sequence were scored as wrong";

  @TempDir Path dir;

  private static String evalYaml(String settings) {
    return IndexFixture.evalYaml("DROP", "drop")
        + "evalhub:\n  tasks:\n    drop:\n      version: \"2\"\n"
        + settings;
  }

  private static String result(double value, String version) {
    return IndexFixture.result(
        "acme/drop",
        "drop",
        value,
        version == null ? "" : "  methodology:\n    task_version: \"" + version + "\"\n");
  }

  private static IndexFixture dropHub(String database, Path dir) {
    IndexFixture hub = IndexFixture.of(database, dir);
    hub.benchmark(DATASET, evalYaml(""));
    hub.repo("alice/m1", false).repo("alice/m2", false).repo("bob/m3", false);
    hub.repo("acme/m4", false).repo("bob/secret", true);
    hub.put("alice/m1", ".eval_results/drop.yaml", result(70, "1"));
    hub.put("alice/m2", ".eval_results/drop.yaml", result(60, "1"));
    hub.put("bob/m3", ".eval_results/drop.yaml", result(50, "2"));
    hub.put("acme/m4", ".eval_results/drop.yaml", result(40, null));
    // A private model's result never counts, not even in "affected".
    hub.put("bob/secret", ".eval_results/drop.yaml", result(90, "1"));
    return hub;
  }

  private static void declare(IndexFixture hub, String settings, String message) {
    hub.commit(
        "datasets/" + DATASET,
        List.of(FileChange.put("eval.yaml", evalYaml(settings).getBytes(StandardCharsets.UTF_8))),
        message,
        "alice");
  }

  private static List<String> models(List<LeaderboardEntry> rows) {
    return rows.stream().map(e -> e.model().id().fullName()).toList();
  }

  private static void assertIndexEqualsReindex(IndexFixture hub) {
    List<String> incremental = hub.dump();
    Leaderboard board = hub.leaderboard(DATASET, "drop", false);
    List<BenchmarkChange> changes = changes(hub);
    hub.index.ingestion().reindex(ReindexProgress.NONE);
    assertThat(hub.dump()).containsExactlyElementsOf(incremental);
    assertThat(hub.leaderboard(DATASET, "drop", false)).isEqualTo(board);
    assertThat(changes(hub)).isEqualTo(changes);
  }

  private static List<BenchmarkChange> changes(IndexFixture hub) {
    return hub.index.changes(RepoId.parsePath("datasets/" + DATASET).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void invalidVersionLeavesTheLeaderboardWithItsRecordAndComesBackWhenReverted(String database)
      throws Exception {
    try (IndexFixture hub = dropHub(database, dir)) {
      assertThat(models(hub.leaderboard(DATASET, "drop", false).entries()))
          .containsExactlyInAnyOrder("alice/m1", "alice/m2", "bob/m3", "acme/m4");

      declare(hub, "      invalid_versions: [\"1\"]\n", REASON);

      Leaderboard board = hub.leaderboard(DATASET, "drop", false);
      assertThat(models(board.entries())).containsExactlyInAnyOrder("bob/m3", "acme/m4");
      assertThat(models(board.invalidated())).containsExactly("alice/m1", "alice/m2");
      BenchmarkChange declared = changes(hub).get(0);
      assertThat(declared.field()).isEqualTo("invalid_versions");
      assertThat(declared.oldValue()).isEmpty();
      assertThat(declared.newValue()).contains("1");
      assertThat(declared.account()).isEqualTo("alice");
      assertThat(declared.reason()).isEqualTo(REASON);
      assertThat(declared.affected()).isEqualTo(2);
      LeaderboardEntry m1 = board.invalidated().get(0);
      assertThat(m1.rank()).isZero();
      assertThat(m1.trust().invalidation())
          .contains(
              new Trust.Invalidation("1", declared.time(), "alice", REASON, declared.commitId()));
      String day =
          DateTimeFormatter.ofPattern("yyyy-MM-dd")
              .withZone(ZoneOffset.UTC)
              .format(declared.time());
      assertThat(m1.badges())
          .contains(
              new Badge(
                  Badge.Kind.INVALIDATED,
                  "measured with task version 1, declared invalid on "
                      + day
                      + " by alice: "
                      + REASON,
                  "/datasets/acme/drop#change-" + declared.commitId()));
      LeaderboardEntry m4 = row(board.entries(), "acme/m4");
      assertThat(m4.trust().versionUnknown()).isTrue();
      assertThat(m4.badges()).extracting(Badge::kind).contains(Badge.Kind.VERSION_UNKNOWN);
      assertThat(row(board.entries(), "bob/m3").trust()).isEqualTo(Trust.NONE);
      assertIndexEqualsReindex(hub);

      declare(hub, "", "Revert: version 1 was right after all");

      board = hub.leaderboard(DATASET, "drop", false);
      assertThat(models(board.entries()))
          .containsExactlyInAnyOrder("alice/m1", "alice/m2", "bob/m3", "acme/m4");
      assertThat(board.invalidated()).isEmpty();
      assertThat(board.entries()).allMatch(e -> e.trust().equals(Trust.NONE));
      List<BenchmarkChange> changes = changes(hub);
      assertThat(changes)
          .extracting(
              BenchmarkChange::field,
              c -> c.oldValue().orElse("-"),
              c -> c.newValue().orElse("-"),
              BenchmarkChange::affected)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("invalid_versions", "1", "-", 2L),
              org.assertj.core.groups.Tuple.tuple("invalid_versions", "-", "1", 2L),
              org.assertj.core.groups.Tuple.tuple("task", "-", "drop", 4L));
      assertThat(changes.get(0).reason()).isEqualTo("Revert: version 1 was right after all");
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void deprecatedTaskShowsABannerAndStillRanks(String database) {
    try (IndexFixture hub = dropHub(database, dir)) {
      declare(
          hub,
          "      status: deprecated\n      status_reason: superseded by DROP v3\n",
          "deprecate");

      Leaderboard board = hub.leaderboard(DATASET, "drop", false);
      BenchmarkChange change = changes(hub).get(0);
      assertThat(board.notice())
          .contains(
              new TaskNotice(
                  TaskNotice.Status.DEPRECATED,
                  "superseded by DROP v3",
                  change.time(),
                  "alice",
                  change.commitId()));
      assertThat(change.reason()).isEqualTo("superseded by DROP v3");
      assertThat(change.affected()).isEqualTo(4);
      assertThat(board.entries()).hasSize(4);
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withdrawnTaskIsFrozenAtTheWithdrawingCommit(String database) throws Exception {
    try (IndexFixture hub = dropHub(database, dir)) {
      declare(hub, "      status: withdrawn\n      status_reason: test set leaked\n", "withdraw");
      // Commit times have a resolution of one second.
      Thread.sleep(1100);
      hub.repo("bob/late", false).put("bob/late", ".eval_results/drop.yaml", result(99, "2"));

      Leaderboard board = hub.leaderboard(DATASET, "drop", false);
      assertThat(board.notice().map(TaskNotice::status)).contains(TaskNotice.Status.WITHDRAWN);
      assertThat(models(board.entries()))
          .containsExactlyInAnyOrder("alice/m1", "alice/m2", "bob/m3", "acme/m4");
      assertThat(models(board.invalidated())).containsExactly("bob/late");
      Trust.Invalidation why = board.invalidated().get(0).trust().invalidation().orElseThrow();
      assertThat(why.cause()).isEqualTo(Trust.Invalidation.Cause.AFTER_WITHDRAWAL);
      assertThat(why.reason()).isEqualTo("test set leaked");
      assertThat(changes(hub).get(0).affected()).isEqualTo(1);
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2"})
  void everyChangeThatAffectsResultsIsOnTheRecordAndInvalidFilesChangeNothing(String database) {
    try (IndexFixture hub = dropHub(database, dir)) {
      declare(
          hub,
          "      metric:\n        name: f1\n        higher_is_better: false\n"
              + "        range: [0, 100]\n        kind: continuous\n"
              + "      reference:\n        num_fewshot: 3\n"
              + "      sources:\n        - framework: lm-evaluation-harness\n          task: drop\n"
              + "          metric: f1\n",
          "metric, reference and sources");
      // Not a valid eval.yaml: refused by pushes, and read as no change when it is in history.
      hub.testStorage.plant(
          RepoId.parsePath("datasets/" + DATASET).orElseThrow(),
          dev.evalhub.storage.RefNames.MAIN,
          "alice",
          commit -> commit.add("eval.yaml", "name: [broken\n").message("broken"));
      hub.put(
          "datasets/" + DATASET,
          "eval.yaml",
          IndexFixture.evalYaml("DROP", "drop", "squad")
              + "evalhub:\n  tasks:\n    drop:\n      version: \"3\"\n");

      assertThat(changes(hub))
          .extracting(
              BenchmarkChange::taskId,
              BenchmarkChange::field,
              c -> c.oldValue().orElse("-"),
              c -> c.newValue().orElse("-"),
              BenchmarkChange::affected)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("drop", "version", "2", "3", 4L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.name", "f1", "-", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop", "metric.higher_is_better", "false", "true", 4L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.range", "[0, 100]", "-", 4L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.kind", "continuous", "-", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop", "reference", "{\"num_fewshot\":3}", "-", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop",
                  "sources",
                  "[{\"framework\":\"lm-evaluation-harness\",\"task\":\"drop\",\"metric\":\"f1\","
                      + "\"scale\":1.0}]",
                  "-",
                  4L),
              org.assertj.core.groups.Tuple.tuple("squad", "task", "-", "squad", 0L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.name", "-", "f1", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop", "metric.higher_is_better", "true", "false", 4L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.range", "-", "[0, 100]", 4L),
              org.assertj.core.groups.Tuple.tuple("drop", "metric.kind", "-", "continuous", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop", "reference", "-", "{\"num_fewshot\":3}", 4L),
              org.assertj.core.groups.Tuple.tuple(
                  "drop",
                  "sources",
                  "-",
                  "[{\"framework\":\"lm-evaluation-harness\",\"task\":\"drop\",\"metric\":\"f1\","
                      + "\"scale\":1.0}]",
                  4L),
              org.assertj.core.groups.Tuple.tuple("drop", "task", "-", "drop", 4L));
      assertThat(changes(hub).get(0).reason()).isEqualTo("change");
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2"})
  void changesOfADatasetThatIsNoBenchmarkAreNotFound(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.repo("datasets/acme/plain", false);
      assertThatThrownBy(
              () -> hub.index.changes(RepoId.parsePath("datasets/acme/plain").orElseThrow()))
          .isInstanceOf(HubException.class)
          .hasMessageContaining("is not a registered benchmark");
    }
  }

  private static LeaderboardEntry row(List<LeaderboardEntry> rows, String model) {
    return rows.stream()
        .filter(e -> e.model().id().fullName().equals(model))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row of " + model + " in " + rows));
  }
}
