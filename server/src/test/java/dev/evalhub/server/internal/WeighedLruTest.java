package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeighedLruTest {

  @Test
  void theLeastRecentlyUsedEntryLeavesFirstWhenTheCountIsReached() {
    WeighedLru<String, String> cache = new WeighedLru<>(2, 100, 10);
    cache.put("a", "A", 1);
    cache.put("b", "B", 1);
    cache.get("a");

    cache.put("c", "C", 1);

    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("a")).contains("A");
    assertThat(cache.get("c")).contains("C");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void entriesLeaveUntilTheTotalWeightFits() {
    WeighedLru<String, String> cache = new WeighedLru<>(100, 10, 10);
    cache.put("a", "A", 4);
    cache.put("b", "B", 4);

    cache.put("c", "C", 6);

    assertThat(cache.get("a")).isEmpty();
    assertThat(cache.get("b")).contains("B");
    assertThat(cache.weight()).isEqualTo(10);
  }

  @Test
  void anEntryHeavierThanAnEntryMayBeIsNeverKept() {
    WeighedLru<String, String> cache = new WeighedLru<>(100, 100, 10);

    cache.put("big", "B", 11);

    assertThat(cache.get("big")).isEmpty();
    assertThat(cache.weight()).isZero();
  }

  @Test
  void replacingAnEntryCountsItsWeightOnce() {
    WeighedLru<String, String> cache = new WeighedLru<>(100, 100, 10);
    cache.put("a", "A", 5);

    cache.put("a", "A2", 7);

    assertThat(cache.get("a")).contains("A2");
    assertThat(cache.weight()).isEqualTo(7);
  }

  @Test
  void manyDistinctKeysNeverGrowItPastItsBounds() {
    WeighedLru<Integer, String> cache = new WeighedLru<>(1_000, 64_000, 256);
    for (int i = 0; i < 100_000; i++) {
      cache.put(i, "v", i % 300);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(1_000);
    assertThat(cache.weight()).isLessThanOrEqualTo(64_000);
  }

  @Test
  void boundsMustMakeSense() {
    assertThatThrownBy(() -> new WeighedLru<>(0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WeighedLru<>(1, 10, 11)).isInstanceOf(IllegalArgumentException.class);
  }
}
