package dev.evalhub.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of the leaderboards last served, reused while the index hands out the same (cached)
 * leaderboard: a large leaderboard costs more to serialise than to look up. One entry per
 * leaderboard, whatever {@code limit} a request asks for: each row's JSON is kept, and an answer of
 * the first N rows is joined from them. Bounded by count and by bytes (least recently used dropped
 * first); valid only for the identical leaderboard instance, so an index change is never hidden.
 * Thread-safe.
 */
public final class RenderedLeaderboards {

  /** Default bound on the number of rendered leaderboards kept. */
  public static final int MAX_ENTRIES = 1_000;

  /** Default bound on their JSON, in bytes. */
  public static final long MAX_BYTES = 256L << 20;

  private record Rendered(Leaderboard source, List<byte[]> rows) {}

  private final Cache<String, Rendered> rendered;

  public RenderedLeaderboards() {
    this(MAX_ENTRIES, MAX_BYTES);
  }

  /**
   * At most {@code maxEntries} leaderboards whose rows' JSON takes at most {@code maxBytes}
   * together.
   */
  public RenderedLeaderboards(int maxEntries, long maxBytes) {
    long minWeight = Math.max(1, maxBytes / maxEntries);
    this.rendered =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (String key, Rendered value) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            Math.max(
                                minWeight,
                                64L
                                    + 2L * key.length()
                                    + value.rows().stream().mapToLong(r -> r.length + 16).sum())))
            .executor(Runnable::run)
            .build();
  }

  /**
   * The JSON array of the first {@code limit} rows of {@code leaderboard}, which the request names
   * by {@code leaderboardKey} (dataset, task and filters; never the limit).
   */
  public byte[] json(String leaderboardKey, Leaderboard leaderboard, int limit) {
    return json(leaderboardKey, leaderboard, false, limit);
  }

  /**
   * As {@link #json(String, Leaderboard, int)}; with {@code withInvalidated}, the rows that left
   * the leaderboard follow the ranked ones (the key must tell the two apart).
   */
  public byte[] json(
      String leaderboardKey, Leaderboard leaderboard, boolean withInvalidated, int limit) {
    Rendered cached = rendered.getIfPresent(leaderboardKey);
    if (cached == null || cached.source() != leaderboard) {
      List<byte[]> rows = new ArrayList<>(leaderboard.entries().size());
      for (LeaderboardEntry entry : leaderboard.entries()) {
        rows.add(JsonResponses.bytes(LeaderboardJson.entry(entry)));
      }
      if (withInvalidated) {
        for (LeaderboardEntry entry : leaderboard.invalidated()) {
          rows.add(JsonResponses.bytes(LeaderboardJson.entry(entry)));
        }
      }
      cached = new Rendered(leaderboard, List.copyOf(rows));
      rendered.put(leaderboardKey, cached);
    }
    int count = Math.min(Math.max(0, limit), cached.rows().size());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(cached.rows().get(i));
    }
    out.write(']');
    return out.toByteArray();
  }

  /** How many leaderboards are kept now. */
  public long size() {
    rendered.cleanUp();
    return rendered.estimatedSize();
  }

  /** Their total weight in bytes. */
  public long weight() {
    rendered.cleanUp();
    return rendered.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }
}
