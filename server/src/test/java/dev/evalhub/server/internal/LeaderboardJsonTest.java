package dev.evalhub.server.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.StatisticalRank;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.formats.model.Methodology;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A leaderboard row's JSON is, key for key and in the same order, what the Hub's shape (and evalhub
 * before the domain values) sends: optional keys absent rather than null.
 */
class LeaderboardJsonTest {

  private static final TaskRef TASK =
      new TaskRef(new RepoId(RepoType.DATASET, "acme", "Bench"), "t1");

  @Test
  void aFullRowHasEveryKeyInTheHubsOrder() {
    Map<String, Object> methodology = new LinkedHashMap<>();
    methodology.put("framework", "lm-eval");
    methodology.put("num_fewshot", 5);
    LeaderboardEntry entry =
        new LeaderboardEntry(
            2,
            new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "Acme", "m"), true),
            new LeaderboardEntry.Score(0.5, Optional.of(0.01)),
            new ResultLocation(".eval_results/r.yaml", Optional.of(new PrNumber(3))),
            new Verdict(false, Optional.of("no key")),
            new LeaderboardEntry.Provenance(
                Optional.of(
                    new LeaderboardEntry.SourceLink("https://x.org/l", Optional.of("x.org"))),
                Optional.of("n"),
                Optional.of(new Methodology(methodology)),
                new MethodologyGroup(Map.of("framework", "lm-eval")),
                java.time.Instant.EPOCH,
                java.util.OptionalLong.empty()),
            List.of(
                Badge.community(new PrNumber(3)),
                Badge.source("x.org", "https://x.org/l"),
                Badge.leaderboard(TASK)),
            List.of(new LeaderboardEntry.Claim(0.9, new PrNumber(4), "mallory")),
            Optional.of(
                new LeaderboardEntry.RangeFlag(
                    "outside the task's range [0, 1]",
                    Optional.of("looks like a percentage on a [0, 1] task"))));

    assertThat(json(entry))
        .isEqualTo(
            "{\"rank\":2,\"modelId\":\"Acme/m\",\"value\":0.5,"
                + "\"filename\":\".eval_results/r.yaml\",\"verified\":false,\"source\":{\"url\":\"https://x.org/l\","
                + "\"name\":\"x.org\"},\"author\":{\"type\":\"org\",\"name\":\"Acme\"},\"pullRequest\":3,\"notes\":\"n\","
                + "\"group\":{\"framework\":\"lm-eval\"},\"groupLabel\":\"lm-eval\",\"groupRole\":\"stated\","
                + "\"badges\":[{\"type\":\"community\",\"label\":\"PR #3\"},"
                + "{\"type\":\"source\",\"label\":\"x.org\",\"url\":\"https://x.org/l\"},{\"type\":\"leaderboard\","
                + "\"label\":\"acme/Bench/t1\"}],\"methodology\":{\"framework\":\"lm-eval\",\"num_fewshot\":5},"
                + "\"stderr\":0.01,\"verificationError\":\"no key\","
                + "\"claims\":[{\"value\":0.9,\"pullRequest\":4,\"author\":\"mallory\"}],"
                + "\"flag\":{\"reason\":\"outside the task's range [0, 1]\","
                + "\"hint\":\"looks like a percentage on a [0, 1] task\"}}");
  }

  @Test
  void aBareRowLeavesOptionalKeysOut() {
    LeaderboardEntry entry =
        new LeaderboardEntry(
            1,
            new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "alice", "m"), false),
            new LeaderboardEntry.Score(1.0, Optional.empty()),
            new ResultLocation("r.yaml", Optional.empty()),
            new Verdict(true, Optional.empty()),
            new LeaderboardEntry.Provenance(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new MethodologyGroup(Map.of()),
                java.time.Instant.EPOCH,
                java.util.OptionalLong.empty()),
            List.of(Badge.verified("https://hub")));

    assertThat(json(entry))
        .isEqualTo(
            "{\"rank\":1,\"modelId\":\"alice/m\",\"value\":1.0,\"filename\":\"r.yaml\","
                + "\"verified\":true,\"author\":{\"type\":\"user\",\"name\":\"alice\"},\"group\":{},\"groupLabel\":\"\",\"groupRole\":\"stated\","
                + "\"badges\":[{\"type\":\"verified\",\"label\":\"https://hub\"}]}");
  }

  @Test
  void aRowWithUncertaintyAndARankStatesThemAfterTheMethodology() {
    LeaderboardEntry entry =
        ranked(
            "alice/m",
            0.637,
            new Uncertainty(
                OptionalLong.of(198),
                Optional.of(0.034),
                Optional.of(Uncertainty.Source.BINOMIAL),
                Optional.of(new Uncertainty.ConfidenceInterval(0.568, 0.7, 0.95, "wilson")),
                OptionalInt.of(198)),
            new StatisticalRank(2, 2, Optional.of("mcnemar-exact")));

    assertThat(json(entry))
        .endsWith(
            "\"groupRole\":\"stated\",\"badges\":[],\"n\":198,\"stderr\":0.034,"
                + "\"stderrSource\":\"binomial\",\"ci\":{\"lower\":0.568,\"upper\":0.7,"
                + "\"level\":0.95,\"method\":\"wilson\"},\"samples\":198,\"rankUpper\":2,\"tier\":2,"
                + "\"tierTest\":\"mcnemar-exact\"}");
  }

  @Test
  void aTierOneRowWithoutStderrHasNoStderrSourceNorTierTest() {
    LeaderboardEntry entry =
        ranked(
            "alice/m",
            0.5,
            new Uncertainty(
                OptionalLong.of(10),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty()),
            new StatisticalRank(1, 1, Optional.empty()));

    assertThat(json(entry)).endsWith("\"badges\":[],\"n\":10,\"rankUpper\":1,\"tier\":1}");
  }

  @Test
  void aGroupsStatisticsNameItsKeyTestsAndPower() {
    GroupStatistics statistics =
        new GroupStatistics(
            new MethodologyGroup(Map.of("num_fewshot", "5")),
            3,
            200,
            Map.of("mcnemar-exact", 2),
            1,
            0.05,
            OptionalLong.of(198),
            OptionalDouble.of(0.141));

    assertThat(new String(JsonResponses.bytes(LeaderboardJson.statistics(statistics)), UTF_8))
        .isEqualTo(
            "{\"group\":\"num_fewshot=5\",\"rankedRows\":3,\"rankedLimit\":200,"
                + "\"testsByMethod\":{\"mcnemar-exact\":2},\"notEstablished\":1,\"alpha\":0.05,"
                + "\"n\":198,\"minimumDetectableDifference\":0.141}");
  }

  @Test
  void aComparisonCountsItsItemsAlwaysAndListsThoseTheFilterKeeps() {
    LeaderboardEntry a = ranked("alice/a", 0.75, null, null);
    LeaderboardEntry b = ranked("bob/b", 0.25, null, null);
    Comparison comparison =
        new Comparison(
            TASK,
            a.provenance().group(),
            a,
            b,
            Optional.of(new Comparison.Test("mcnemar-exact", 0.5, 0.1, 0.9, 0.95, 0.0312, 4, 2, 0)),
            Optional.empty(),
            List.of(
                new Comparison.Item("q1", 1, 0),
                new Comparison.Item("q2", 1, 0),
                new Comparison.Item("q3", 1, 1),
                new Comparison.Item("q4", 0, 0)));

    String json =
        new String(
            JsonResponses.bytes(
                ComparisonJson.comparison(comparison, ComparisonJson.Items.of("a_better"))),
            UTF_8);

    assertThat(json)
        .startsWith("{\"datasetId\":\"acme/Bench\",\"taskId\":\"t1\",\"group\":{\"key\":\"\",")
        .contains(
            "\"test\":{\"method\":\"mcnemar-exact\",\"difference\":0.5,\"ci\":{\"lower\":0.1,"
                + "\"upper\":0.9,\"level\":0.95},\"pValue\":0.0312,\"common\":4,\"aBetter\":2,"
                + "\"bBetter\":0}",
            "\"itemCounts\":{\"common\":4,\"aBetter\":2,\"bBetter\":0,\"same\":2}",
            "\"items\":[{\"id\":\"q1\",\"a\":1.0,\"b\":0.0},{\"id\":\"q2\",\"a\":1.0,\"b\":0.0}]}")
        .doesNotContain("notEstablished");
    assertThat(
            new String(
                JsonResponses.bytes(
                    ComparisonJson.comparison(comparison, ComparisonJson.Items.NONE)),
                UTF_8))
        .doesNotContain("\"items\"");
  }

  private static LeaderboardEntry ranked(
      String model, double value, Uncertainty uncertainty, StatisticalRank rank) {
    return new LeaderboardEntry(
        1,
        new LeaderboardEntry.Model(RepoId.parsePath(model).orElseThrow(), false),
        new LeaderboardEntry.Score(value, Optional.empty()),
        new ResultLocation("r.yaml", Optional.empty()),
        new Verdict(false, Optional.empty()),
        new LeaderboardEntry.Provenance(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new MethodologyGroup(Map.of()),
            java.time.Instant.EPOCH,
            OptionalLong.empty()),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.ofNullable(uncertainty),
        Optional.ofNullable(rank));
  }

  private static String json(LeaderboardEntry entry) {
    return new String(JsonResponses.bytes(LeaderboardJson.entry(entry)), StandardCharsets.UTF_8);
  }
}
