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
      byte[] json = cache.json(board, limit);
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
  void aNewLeaderboardInstanceIsRenderedAfreshWithItsOwnTag() {
    RenderedLeaderboards cache = new RenderedLeaderboards();
    LeaderboardBytes before = cache.answer(leaderboard("acme/bench", 3, ""), false, 10, false);

    LeaderboardBytes after = cache.answer(leaderboard("acme/bench", 1, ""), false, 10, false);

    assertThat(new String(after.json(), StandardCharsets.UTF_8))
        .startsWith("[{")
        .doesNotContain("},{");
    assertThat(after.etag(false)).isNotEqualTo(before.etag(false));
  }

  @Test
  void theSameLeaderboardAndLimitIsAnsweredWithTheSameBytes() {
    RenderedLeaderboards cache = new RenderedLeaderboards();
    Leaderboard board = leaderboard("acme/bench", 30, "");

    LeaderboardBytes first = cache.answer(board, false, Integer.MAX_VALUE, true);
    LeaderboardBytes second = cache.answer(board, false, 1_000, true);

    assertThat(second).isSameAs(first);
    assertThat(second.gzip()).isSameAs(first.gzip());
  }

  @Test
  void equalContentGetsTheSameTagAcrossInstances() {
    RenderedLeaderboards cache = new RenderedLeaderboards();

    LeaderboardBytes a = cache.answer(leaderboard("acme/bench", 5, ""), false, 10, false);
    LeaderboardBytes b = cache.answer(leaderboard("acme/bench", 5, ""), false, 10, false);

    assertThat(b).isNotSameAs(a);
    assertThat(b.etag(false)).isEqualTo(a.etag(false));
    assertThat(b.etag(true)).isEqualTo(a.etag(true)).isNotEqualTo(a.etag(false));
  }

  @Test
  void gzipDecompressesToTheJson() throws java.io.IOException {
    LeaderboardBytes answer =
        new RenderedLeaderboards().answer(leaderboard("acme/bench", 40, ""), false, 40, true);

    try (var in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(answer.gzip()))) {
      assertThat(in.readAllBytes()).isEqualTo(answer.json());
    }
  }

  @Test
  void ifNoneMatchNamesEitherRepresentationWeakOrStrongOrAny() {
    LeaderboardBytes answer =
        new RenderedLeaderboards().answer(leaderboard("acme/bench", 2, ""), false, 2, false);

    assertThat(answer.matches("\"other\", " + answer.etag(false))).isTrue();
    assertThat(answer.matches("W/" + answer.etag(true))).isTrue();
    assertThat(answer.matches("*")).isTrue();
    assertThat(answer.matches("\"other\"")).isFalse();
    assertThat(answer.matches(null)).isFalse();
  }

  @Test
  void manyLeaderboardsAreBoundedByCount() {
    RenderedLeaderboards cache = new RenderedLeaderboards(100, 1L << 30);

    // Held, as the index's cache holds them: the keys are weak.
    List<Leaderboard> held = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      held.add(leaderboard("acme/bench" + i, 1, ""));
      cache.json(held.get(i), 10);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(100).isGreaterThan(50);
  }

  @Test
  void largeLeaderboardsAreBoundedByBytes() {
    long maxBytes = 1L << 20;
    RenderedLeaderboards cache = new RenderedLeaderboards(1_000, maxBytes);

    List<Leaderboard> held = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      held.add(leaderboard("acme/bench" + i, 100, "x".repeat(1_000)));
      cache.json(held.get(i), 1);
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
