package dev.evalhub.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers of the leaderboard route, ready to send ({@link LeaderboardBytes}: JSON, gzip, entity
 * tag), kept with the leaderboard they were made from. Keyed by the identity of the index's cached
 * {@link Leaderboard} (weakly): the index makes a new instance at every change (its one
 * invalidation point, {@code Index.changed}), so bytes made before a change are never served after
 * it, and they go when the index drops the leaderboard. Per leaderboard, its rows' JSON is kept
 * once (an answer of N rows is a prefix of it), and the answers of up to {@link #MAX_ANSWERS} row
 * limits (a limit past the rows is the whole leaderboard); an answer beyond that is joined per
 * request. Bounded by count and by bytes, least recently used dropped first. Thread-safe.
 */
public final class RenderedLeaderboards {

  /** Default bound on the number of rendered leaderboards kept. */
  public static final int MAX_ENTRIES = 1_000;

  /** Default bound on their bytes (rows, answers and their gzip). */
  public static final long MAX_BYTES = 256L << 20;

  /** How many answers (row limit, invalidated rows or not) are kept per leaderboard. */
  public static final int MAX_ANSWERS = 8;

  private record Variant(boolean withInvalidated, int rows) {}

  /**
   * One leaderboard's rows as one JSON array (ranked, then invalidated), where each row ends, and
   * its answers kept so far: an answer of the first N rows is a prefix of the array, and the answer
   * of every row is the array itself (so a whole leaderboard is held once).
   */
  private static final class Rendered {
    final byte[] all;
    final int[] ends;
    final int ranked;
    final Map<Variant, LeaderboardBytes> answers = new ConcurrentHashMap<>();

    Rendered(Leaderboard leaderboard) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<LeaderboardEntry> rows = new ArrayList<>(leaderboard.entries());
      rows.addAll(leaderboard.invalidated());
      this.ends = new int[rows.size()];
      out.write('[');
      for (int i = 0; i < rows.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.writeBytes(JsonResponses.bytes(LeaderboardJson.entry(rows.get(i))));
        ends[i] = out.size();
      }
      out.write(']');
      this.all = out.toByteArray();
      this.ranked = leaderboard.entries().size();
    }

    long weight() {
      long bytes = 64L + all.length + 4L * ends.length;
      for (LeaderboardBytes answer : answers.values()) {
        bytes += answer.weight() - (answer.json() == all ? all.length : 0);
      }
      return bytes;
    }

    LeaderboardBytes join(Variant variant) {
      int rows = variant.rows();
      if (rows == ends.length) {
        return new LeaderboardBytes(all);
      }
      int length = rows == 0 ? 1 : ends[rows - 1];
      byte[] json = Arrays.copyOf(all, length + 1);
      json[length] = ']';
      return new LeaderboardBytes(json);
    }
  }

  private final Cache<Leaderboard, Rendered> rendered;

  public RenderedLeaderboards() {
    this(MAX_ENTRIES, MAX_BYTES);
  }

  /** At most {@code maxEntries} leaderboards whose bytes take at most {@code maxBytes} together. */
  public RenderedLeaderboards(int maxEntries, long maxBytes) {
    long minWeight = Math.max(1, maxBytes / maxEntries);
    this.rendered =
        Caffeine.newBuilder()
            .weakKeys()
            .maximumWeight(maxBytes)
            .weigher(
                (Leaderboard key, Rendered value) ->
                    (int) Math.min(Integer.MAX_VALUE, Math.max(minWeight, value.weight())))
            .executor(Runnable::run)
            .build();
  }

  /**
   * The answer of the first {@code limit} rows of {@code leaderboard} (with {@code
   * withInvalidated}, the rows that left it follow the ranked ones and count towards the limit),
   * with its gzip bytes made when {@code gzip}.
   */
  public LeaderboardBytes answer(
      Leaderboard leaderboard, boolean withInvalidated, int limit, boolean gzip) {
    Rendered entry = rendered.get(leaderboard, Rendered::new);
    int available = withInvalidated ? entry.ends.length : entry.ranked;
    int rows = Math.min(Math.max(0, limit), available);
    // Beyond the ranked rows only with invalidated ones: the same bytes as without them otherwise.
    Variant variant = new Variant(withInvalidated && rows > entry.ranked, rows);
    LeaderboardBytes answer = entry.answers.get(variant);
    if (answer == null) {
      if (entry.answers.size() >= MAX_ANSWERS) {
        return entry.join(variant);
      }
      answer = entry.answers.computeIfAbsent(variant, entry::join);
      if (gzip) {
        answer.gzip();
      }
      // Weighed again with the new answer.
      rendered.put(leaderboard, entry);
    } else if (gzip && !answer.hasGzip()) {
      answer.gzip();
      rendered.put(leaderboard, entry);
    }
    return answer;
  }

  /** The JSON array of the first {@code limit} rows of {@code leaderboard}. */
  public byte[] json(Leaderboard leaderboard, int limit) {
    return answer(leaderboard, false, limit, false).json();
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
