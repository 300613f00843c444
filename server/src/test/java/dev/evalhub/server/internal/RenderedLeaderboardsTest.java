package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rendered-leaderboard cache holds one entry per leaderboard, whatever the limits asked, within
 * its bounds.
 */
class RenderedLeaderboardsTest {

  @Test
  void tenThousandDistinctLimitsKeepOneEntryAndAnswerWhatTheSliceWouldSerialiseTo() {
    RenderedLeaderboards cache = new RenderedLeaderboards();
    Leaderboard board = leaderboard("acme/bench", 50, "");

    for (int limit = 0; limit <= 10_000; limit++) {
      byte[] json = cache.json("acme/bench\nt1\ntrue", board, limit);
      if (limit <= 51) {
        assertThat(new String(json, StandardCharsets.UTF_8))
            .isEqualTo(
                new String(
                    JsonResponses.bytes(
                        board.entries().subList(0, Math.min(limit, 50)).stream()
                            .map(LeaderboardJson::entry)
                            .toList()),
                    StandardCharsets.UTF_8));
      }
    }

    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aChangedLeaderboardIsRenderedAgainUnderTheSameKey() {
    RenderedLeaderboards cache = new RenderedLeaderboards();
    cache.json("k", leaderboard("acme/bench", 3, ""), 10);

    byte[] json = cache.json("k", leaderboard("acme/bench", 1, ""), 10);

    assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("[{").doesNotContain("},{");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void manyLeaderboardsAreBoundedByCount() {
    RenderedLeaderboards cache = new RenderedLeaderboards(100, 1L << 30);

    for (int i = 0; i < 10_000; i++) {
      cache.json("bench" + i, leaderboard("acme/bench" + i, 1, ""), 10);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(100).isGreaterThan(50);
  }

  @Test
  void largeLeaderboardsAreBoundedByBytes() {
    long maxBytes = 1L << 20;
    RenderedLeaderboards cache = new RenderedLeaderboards(1_000, maxBytes);

    for (int i = 0; i < 100; i++) {
      cache.json("bench" + i, leaderboard("acme/bench" + i, 100, "x".repeat(1_000)), 1);
    }

    assertThat(cache.weight()).isLessThanOrEqualTo(maxBytes).isGreaterThan(maxBytes / 2);
    assertThat(cache.size()).isLessThan(100);
  }

  static Leaderboard leaderboard(String dataset, int rows, String notes) {
    TaskRef task = new TaskRef(RepoId.parsePath("datasets/" + dataset).orElseThrow(), "t1");
    List<LeaderboardEntry> entries = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      entries.add(
          new LeaderboardEntry(
              i + 1,
              new LeaderboardEntry.Model(new RepoId(RepoType.MODEL, "m", "model" + i), false),
              new LeaderboardEntry.Score(100 - i, Optional.empty()),
              new ResultLocation(".eval_results/r.yaml", Optional.empty()),
              new Verdict(false, Optional.empty()),
              new LeaderboardEntry.Provenance(
                  Optional.empty(),
                  Optional.of(notes),
                  Optional.empty(),
                  new MethodologyGroup(Map.of()),
                  java.time.Instant.EPOCH,
                  java.util.OptionalLong.empty()),
              List.of(Badge.leaderboard(task))));
    }
    return new Leaderboard(task, "accuracy", true, entries);
  }
}
