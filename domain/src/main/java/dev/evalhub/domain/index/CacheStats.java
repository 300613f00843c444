package dev.evalhub.domain.index;

/**
 * What a cache of the index has done since its process started, and holds now: lookups answered
 * from it ({@code hits}), lookups that computed the value ({@code misses}), entries dropped to keep
 * within its bounds ({@code evictions}; an index change that forgets every entry is not one), and
 * the entries and their estimated bytes now. Counts only, never a key: nothing names a repository.
 * Immutable.
 *
 * @param hits lookups answered from the cache
 * @param misses lookups that computed the value
 * @param evictions entries dropped by the size bounds
 * @param entries entries held now
 * @param bytes their estimated size in bytes
 */
public record CacheStats(long hits, long misses, long evictions, long entries, long bytes) {

  public CacheStats {
    if (hits < 0 || misses < 0 || evictions < 0 || entries < 0 || bytes < 0) {
      throw new IllegalArgumentException("cache counts are never negative");
    }
  }
}
