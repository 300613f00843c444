package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void idsDrawnByManyThreadsAtOnceAreAllDifferent() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  ids.add(RequestIds.next());
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(ids).hasSize(40_000);
  }

  @Test
  void anIdIsTheProcessPrefixADashAndSixteenHexDigits() {
    String first = RequestIds.next();
    String second = RequestIds.next();

    assertThat(first).matches("[0-9a-f]{16}-[0-9a-f]{16}");
    assertThat(second).matches("[0-9a-f]{16}-[0-9a-f]{16}");
    assertThat(second.substring(0, 17)).isEqualTo(first.substring(0, 17));
  }

  @Test
  void consecutiveIdsDoNotTellHowManyRequestsCameBetween() {
    List<Long> differences = new ArrayList<>();
    long previous = Long.parseUnsignedLong(RequestIds.next().substring(17), 16);
    for (int i = 0; i < 100; i++) {
      long current = Long.parseUnsignedLong(RequestIds.next().substring(17), 16);
      differences.add(current - previous);
      previous = current;
    }

    // A counter, plain or offset, steps by one (or by the few ids other threads took meanwhile).
    assertThat(differences).doesNotHaveDuplicates();
    assertThat(differences).allSatisfy(d -> assertThat(Math.abs(d)).isGreaterThan(1L << 32));
  }

  @Test
  void theMixIsSplitMix64sFinaliser() {
    // The first output of SplitMix64 seeded with 0 is mix64(0x9e3779b97f4a7c15), as in
    // java.util.SplittableRandom(0).nextLong().
    assertThat(RequestIds.mix64(0x9e3779b97f4a7c15L)).isEqualTo(new SplittableRandom(0).nextLong());
    assertThat(RequestIds.mix64(0)).isZero();
  }
}
