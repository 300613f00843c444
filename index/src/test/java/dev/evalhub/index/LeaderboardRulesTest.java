package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.RecentResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaderboard rules of hub-api.md, one per test, on an index fed by server-side commits. */
class LeaderboardRulesTest {

  @TempDir Path dir;
  IndexFixture hub;

  @BeforeEach
  void setUp() {
    hub = IndexFixture.h2(dir).benchmark("acme/bench", evalYaml("Bench", "t1", "t2"));
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  private List<String> ranking(String task) {
    return hub.leaderboard("acme/bench", task, true).entries().stream()
        .map(e -> e.rank() + " " + Rows.modelId(e) + " " + Rows.value(e))
        .toList();
  }

  @Test
  void higherValuesRankFirstByDefault() {
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    hub.repo("bob/b", false)
        .put("bob/b", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""));
    assertThat(ranking("t1")).containsExactly("1 bob/b 70.0", "2 alice/a 50.0");
  }

  @Test
  void lowerIsBetterWhenTheTaskSaysSo() {
    hub.put(
        "datasets/acme/bench",
        "eval.yaml",
        evalYaml("Bench", "t1", "t2")
            + "evalhub:\n  tasks:\n    t1:\n      metric:\n        higher_is_better: false\n");
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    hub.repo("bob/b", false)
        .put("bob/b", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""));
    assertThat(ranking("t1")).containsExactly("1 alice/a 50.0", "2 bob/b 70.0");
  }

  @Test
  void aBenchmarkChangeReordersExistingResults() {
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    hub.repo("bob/b", false)
        .put("bob/b", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""));
    hub.put(
        "datasets/acme/bench",
        "eval.yaml",
        evalYaml("Bench", "t1")
            + "evalhub:\n  tasks:\n    t1:\n      metric:\n        higher_is_better: false\n");
    assertThat(ranking("t1")).containsExactly("1 alice/a 50.0", "2 bob/b 70.0");
  }

  @Test
  void equalValuesShareARank() {
    for (String[] m :
        new String[][] {{"alice/a", "90"}, {"alice/b", "80"}, {"bob/c", "80"}, {"bob/d", "70"}}) {
      hub.repo(m[0], false)
          .put(
              m[0],
              ".eval_results/r.yaml",
              result("acme/bench", "t1", Double.parseDouble(m[1]), ""));
    }
    assertThat(ranking("t1"))
        .containsExactly("1 alice/a 90.0", "2 alice/b 80.0", "2 bob/c 80.0", "4 bob/d 70.0");
  }

  @Test
  void oneRowPerModelAndMethodologyGroupWithTheBestValue() {
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            result("acme/bench", "t1", 50, "")
                + result("acme/bench", "t1", 60, "")
                + result("acme/bench", "t1", 40, "  methodology:\n    num_fewshot: 5\n"));
    List<LeaderboardEntry> entries = hub.leaderboard("acme/bench", "t1", true).entries();
    assertThat(entries)
        .extracting(Rows::value, e -> Rows.group(e).get("num_fewshot"), LeaderboardEntry::rank)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(40.0, "5", 1),
            org.assertj.core.groups.Tuple.tuple(60.0, "unspecified", 1));
  }

  @Test
  void tiesGoToTheLaterDate() {
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            result("acme/bench", "t1", 50, "  date: \"2024-01-01\"\n  notes: old\n")
                + result("acme/bench", "t1", 50, "  date: \"2025-01-01\"\n  notes: new\n"));
    assertThat(hub.leaderboard("acme/bench", "t1", true).entries())
        .extracting(Rows::notes)
        .containsExactly("new");
  }

  @Test
  void privateModelsNeverAppear() {
    hub.repo("alice/secret", true)
        .put("alice/secret", ".eval_results/r.yaml", result("acme/bench", "t1", 99, ""));
    hub.repo("bob/b", false)
        .put("bob/b", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""));
    assertThat(ranking("t1")).containsExactly("1 bob/b 70.0");
  }

  @Test
  void recentResultsComeFromPublicModelsOnly() {
    hub.repo("alice/secret", true)
        .put("alice/secret", ".eval_results/r.yaml", result("acme/bench", "t1", 99, ""));
    hub.repo("bob/b", false)
        .put("bob/b", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""));
    assertThat(hub.index.recentResults(10))
        .extracting(Rows::modelId, RecentResult::datasetId, RecentResult::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bob/b", "acme/bench", 70.0));
  }

  @Test
  void modelsWithABaseModelAreListedOnlyWhenAsked() {
    hub.repo("alice/base", false)
        .put("alice/base", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    hub.repo("bob/tune", false)
        .put("bob/tune", ".eval_results/r.yaml", result("acme/bench", "t1", 70, ""))
        .put("bob/tune", "README.md", "---\nbase_model: alice/base\n---\n# tuned\n");
    assertThat(ranking("t1")).containsExactly("1 alice/base 50.0");
    assertThat(hub.leaderboard("acme/bench", "t1", false).entries()).hasSize(2);
  }

  @Test
  void otherTasksAndUnregisteredBenchmarksStayOff() {
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            result("acme/bench", "t2", 50, "")
                + result("other/bench", "t1", 60, "")
                + result("acme/bench", "t9", 60, ""));
    assertThat(ranking("t1")).isEmpty();
    assertThat(ranking("t2")).containsExactly("1 alice/a 50.0");
    assertThat(hub.evalResults("alice/a", Optional.empty()))
        .extracting(Rows::notOnLeaderboard)
        .containsExactly(
            null,
            "dataset \"other/bench\" is not a registered benchmark",
            "\"t9\" is not a task of the benchmark acme/bench");
  }

  @Test
  void anUnknownBenchmarkHasNoLeaderboard() {
    hub.repo("datasets/bob/plain", false);
    assertThatThrownBy(() -> hub.leaderboard("bob/plain", "t1", true))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("not a registered benchmark");
  }

  @Test
  void sourceBadgeUsesTheNameElseTheHost() {
    hub.repo("alice/a", false)
        .put(
            "alice/a",
            ".eval_results/r.yaml",
            result("acme/bench", "t1", 50, "  source:\n    url: https://logs.example.org/x\n"));
    LeaderboardEntry entry = hub.leaderboard("acme/bench", "t1", true).entries().get(0);
    assertThat(entry.badges())
        .extracting(Rows::type, Badge::label)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("source", "logs.example.org"),
            org.assertj.core.groups.Tuple.tuple("leaderboard", "acme/bench/t1"));
  }

  @Test
  void anOpenPullRequestCountsWithACommunityBadge() throws Exception {
    hub.repo("alice/a", false);
    int pr =
        hub.pullRequest("alice/a", ".eval_results/pr.yaml", result("acme/bench", "t1", 70, ""));
    LeaderboardEntry entry = hub.leaderboard("acme/bench", "t1", true).entries().get(0);
    assertThat(Rows.value(entry)).isEqualTo(70.0);
    assertThat(Rows.pullRequest(entry)).isEqualTo(pr);
    assertThat(entry.badges()).extracting(Rows::type).contains("community");
  }

  @Test
  void aClosedPullRequestDisappears() throws Exception {
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    int pr =
        hub.pullRequest("alice/a", ".eval_results/pr.yaml", result("acme/bench", "t1", 70, ""));
    hub.closePullRequest("alice/a", pr);
    assertThat(ranking("t1")).containsExactly("1 alice/a 50.0");
  }

  @Test
  void aMergedPullRequestCountsFromMain() throws Exception {
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    int pr =
        hub.pullRequest("alice/a", ".eval_results/pr.yaml", result("acme/bench", "t1", 70, ""));
    hub.mergePullRequest("alice/a", pr);
    LeaderboardEntry entry = hub.leaderboard("acme/bench", "t1", true).entries().get(0);
    assertThat(Rows.value(entry)).isEqualTo(70.0);
    assertThat(Rows.pullRequest(entry)).isNull();
  }

  @Test
  void mainWinsATieWithAPullRequestAndIdenticalEntriesCountOnce() throws Exception {
    hub.repo("alice/a", false)
        .put("alice/a", ".eval_results/r.yaml", result("acme/bench", "t1", 50, ""));
    hub.pullRequest(
        "alice/a", ".eval_results/pr.yaml", result("acme/bench", "t1", 50, "  notes: pr\n"));
    assertThat(hub.leaderboard("acme/bench", "t1", true).entries())
        .singleElement()
        .satisfies(e -> assertThat(Rows.pullRequest(e)).isNull());
    assertThat(hub.evalResults("alice/a", Optional.empty())).hasSize(2);
  }
}
