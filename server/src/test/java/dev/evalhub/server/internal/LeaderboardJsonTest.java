package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.formats.model.Methodology;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private static String json(LeaderboardEntry entry) {
    return new String(JsonResponses.bytes(LeaderboardJson.entry(entry)), StandardCharsets.UTF_8);
  }
}
