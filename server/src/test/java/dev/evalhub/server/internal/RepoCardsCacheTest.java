package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import org.junit.jupiter.api.Test;

class RepoCardsCacheTest {

  @Test
  void tenThousandSmallCardsKeepTheCountBound() {
    Cache<String, RepoCards.Weighed> cache = RepoCards.newCache();
    for (int i = 0; i < 10_000; i++) {
      cache.put("blob" + i, new RepoCards.Weighed(RepoCard.NONE, 10));
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(RepoCards.MAX_ENTRIES);
  }

  @Test
  void largeCardsKeepTheByteBound() {
    Cache<String, RepoCards.Weighed> cache = RepoCards.newCache();
    long each = RepoCards.MAX_CACHED_BYTES;
    for (int i = 0; i < 100; i++) {
      cache.put("blob" + i, new RepoCards.Weighed(RepoCard.NONE, each));
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize() * each).isLessThanOrEqualTo(RepoCards.MAX_WEIGHT_BYTES);
  }
}
