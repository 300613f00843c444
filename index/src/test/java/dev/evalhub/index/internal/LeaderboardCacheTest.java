package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The index's leaderboard cache: bounded by count and by estimated bytes, and never serving an
 * older generation.
 */
class LeaderboardCacheTest {

  @Test
  void tenThousandLeaderboardsKeepTheCountBound() {
    LeaderboardCache cache = new LeaderboardCache(100, 1L << 30);

    for (int i = 0; i < 10_000; i++) {
      int n = i;
      cache.get("bench" + i + "\nt1\ntrue", () -> leaderboard(1, "b" + n));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(100).isGreaterThan(50);
  }

  @Test
  void statsCountHitsMissesAndEvictionsButNotAnIndexChange() {
    LeaderboardCache cache = new LeaderboardCache(10, 1L << 30);

    cache.get("a", () -> leaderboard(1, "a"));
    cache.get("a", () -> leaderboard(1, "a"));
    cache.get("a", () -> leaderboard(1, "a"));
    cache.invalidate();
    cache.get("a", () -> leaderboard(1, "a"));
    for (int i = 0; i < 100; i++) {
      int n = i;
      cache.get("b" + i, () -> leaderboard(1, "b" + n));
    }

    dev.evalhub.domain.index.CacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(2);
    assertThat(stats.misses()).isEqualTo(102);
    assertThat(stats.entries()).isEqualTo(cache.size()).isLessThanOrEqualTo(10);
    assertThat(stats.evictions()).isEqualTo(101 - stats.entries());
    assertThat(stats.bytes()).isEqualTo(cache.weight());
  }

  @Test
  void largeLeaderboardsKeepTheByteBound() {
    long maxBytes = 4L << 20;
    LeaderboardCache cache = new LeaderboardCache(1_000, maxBytes);

    for (int i = 0; i < 100; i++) {
      cache.get("bench" + i, () -> leaderboard(100, "x".repeat(2_000)));
    }

    assertThat(cache.weight()).isLessThanOrEqualTo(maxBytes).isGreaterThan(maxBytes / 2);
    assertThat(cache.size()).isLessThan(100);
    assertThat(LeaderboardCache.estimatedBytes(leaderboard(100, "x".repeat(2_000))))
        .as("at least the text of the rows")
        .isGreaterThan(100 * 2_000L);
  }

  @Test
  void aCachedLeaderboardIsServedUntilTheIndexChanges() {
    LeaderboardCache cache = new LeaderboardCache(10, 1L << 20);
    AtomicInteger computations = new AtomicInteger();

    cache.get("k", () -> leaderboard(computations.incrementAndGet(), ""));
    Leaderboard cached = cache.get("k", () -> leaderboard(computations.incrementAndGet(), ""));
    cache.invalidate();
    Leaderboard fresh = cache.get("k", () -> leaderboard(computations.incrementAndGet(), ""));

    assertThat(cached.entries()).hasSize(1);
    assertThat(fresh.entries()).hasSize(2);
    assertThat(computations).hasValue(2);
  }

  private static Leaderboard leaderboard(int rows, String notes) {
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
              List.of()));
    }
    return new Leaderboard(
        new TaskRef(new RepoId(RepoType.DATASET, "acme", "bench"), "t1"),
        "accuracy",
        true,
        entries);
  }
}
