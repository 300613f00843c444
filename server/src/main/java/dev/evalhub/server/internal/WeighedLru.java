package dev.evalhub.server.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A least-recently-used cache bounded both in entries and in total weight (bytes, as the caller weighs them): adding
 * past either bound drops the least recently used entries; an entry heavier than {@code maxEntryWeight} is never
 * kept. Thread-safe (every operation holds the cache's lock, and none does I/O).
 *
 * @param <K> the key
 * @param <V> the value
 */
final class WeighedLru<K, V> {

  private record Weighed<V>(V value, long weight) {}

  private final int maxEntries;
  private final long maxWeight;
  private final long maxEntryWeight;
  private final Map<K, Weighed<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long weight;

  WeighedLru(int maxEntries, long maxWeight, long maxEntryWeight) {
    if (maxEntries < 1 || maxWeight < 1 || maxEntryWeight < 1 || maxEntryWeight > maxWeight) {
      throw new IllegalArgumentException("bounds must be positive, and an entry no heavier than the whole: "
          + maxEntries + ", " + maxWeight + ", " + maxEntryWeight);
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
    this.maxEntryWeight = maxEntryWeight;
  }

  synchronized Optional<V> get(K key) {
    Weighed<V> hit = entries.get(key);
    return hit == null ? Optional.empty() : Optional.of(hit.value());
  }

  /** Keeps {@code value} under {@code key} unless it weighs more than an entry may (weights below 1 count as 1). */
  synchronized void put(K key, V value, long entryWeight) {
    long w = Math.max(1, entryWeight);
    if (w > maxEntryWeight) {
      return;
    }
    Weighed<V> previous = entries.put(key, new Weighed<>(value, w));
    weight += w - (previous == null ? 0 : previous.weight());
    Iterator<Weighed<V>> oldest = entries.values().iterator();
    while ((entries.size() > maxEntries || weight > maxWeight) && oldest.hasNext()) {
      weight -= oldest.next().weight();
      oldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long weight() {
    return weight;
  }
}
