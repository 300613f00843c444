package dev.evalhub.index.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.index.CacheStats;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Leaderboards computed since the index last changed, bounded by count and by estimated memory:
 * least recently used ones are dropped first. An index change ({@link #invalidate}) starts a new
 * generation, and a leaderboard computed in an older one is never served. One computation per key
 * (stripe) at a time, so that a burst of readers after a push waits for it instead of taking every
 * connection. Thread-safe.
 */
public final class LeaderboardCache {

  /** Default bound on the number of cached leaderboards. */
  public static final int MAX_ENTRIES = 1_000;

  /** Default bound on their estimated size in bytes. */
  public static final long MAX_BYTES = 256L << 20;

  private static final int STRIPES = 64;

  private record Cached(long generation, Leaderboard leaderboard) {}

  private final Cache<String, Cached> cache;
  private final AtomicLong generation = new AtomicLong();
  private final Object[] locks = new Object[STRIPES];
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * A cache of at most {@code maxEntries} leaderboards weighing at most {@code maxBytes} together
   * (estimated by {@link #estimatedBytes}); every entry weighs at least {@code maxBytes /
   * maxEntries}, which bounds the count.
   */
  public LeaderboardCache(int maxEntries, long maxBytes) {
    long minWeight = Math.max(1, maxBytes / maxEntries);
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (String key, Cached value) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            Math.max(
                                minWeight,
                                estimatedBytes(value.leaderboard()) + 2L * key.length())))
            // Evictions run in the caller's thread: the bound holds when put returns.
            .executor(Runnable::run)
            .recordStats()
            .build();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The leaderboard cached under {@code key} in the current generation, else {@code compute}'s,
   * cached.
   */
  public Leaderboard get(String key, Supplier<Leaderboard> compute) {
    Cached cached = cache.getIfPresent(key);
    if (cached != null && cached.generation() == generation.get()) {
      hits.incrementAndGet();
      return cached.leaderboard();
    }
    synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
      long current = generation.get();
      cached = cache.getIfPresent(key);
      if (cached != null && cached.generation() == current) {
        hits.incrementAndGet();
        return cached.leaderboard();
      }
      misses.incrementAndGet();
      Leaderboard computed = compute.get();
      cache.put(key, new Cached(current, computed));
      return computed;
    }
  }

  /** The current generation: it grows at each {@link #invalidate}. */
  public long generation() {
    return generation.get();
  }

  /** Forgets every leaderboard: the index changed. */
  public void invalidate() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /** How many leaderboards are cached now. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /**
   * Lookups answered and computed since this cache was made, entries evicted by its bounds, and
   * what it holds now (a leaderboard of an older generation counts as a miss).
   */
  public CacheStats stats() {
    return new CacheStats(
        hits.get(), misses.get(), cache.stats().evictionCount(), size(), weight());
  }

  /** Their total weight, in estimated bytes. */
  public long weight() {
    cache.cleanUp();
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /**
   * A rough estimate of the heap a leaderboard takes: per row a fixed 640 bytes for the objects
   * holding it (entry, model id, score, location, verdict, provenance, uncertainty, statistical
   * rank and their optionals) plus its own text at two bytes a character (the worst case of Java
   * strings: model id, file, notes, source, verification failure, badges, claims, methodology keys
   * and values at 96 bytes a field more). The methodology groups are shared by their rows and not
   * counted. Not {@code toString()}: its text grows with every optional a row prints, far beyond
   * the heap the row takes, and the cache then held half the leaderboards it could.
   */
  public static long estimatedBytes(Leaderboard leaderboard) {
    long bytes = 256;
    for (List<LeaderboardEntry> rows : List.of(leaderboard.entries(), leaderboard.flagged())) {
      for (LeaderboardEntry entry : rows) {
        bytes += 640 + 2L * text(entry);
        for (Badge badge : entry.badges()) {
          bytes += 64 + 2L * (badge.label().length() + length(badge.url()));
        }
        bytes += 96L * entry.claims().size();
        for (var field :
            entry
                .provenance()
                .methodology()
                .map(m -> m.fields().entrySet())
                .orElse(java.util.Set.of())) {
          bytes += 96 + 2L * (field.getKey().length() + String.valueOf(field.getValue()).length());
        }
      }
    }
    return bytes;
  }

  private static long text(LeaderboardEntry entry) {
    return entry.model().id().fullName().length()
        + entry.location().filename().length()
        + entry.provenance().notes().map(String::length).orElse(0)
        + entry
            .provenance()
            .source()
            .map(s -> s.url().length() + length(s.name().orElse(null)))
            .orElse(0)
        + entry.verdict().failure().map(String::length).orElse(0)
        + entry.claims().stream().mapToInt(c -> c.author().length()).sum();
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
