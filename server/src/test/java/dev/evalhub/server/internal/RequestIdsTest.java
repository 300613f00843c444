package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  void anIdIsTheProcessPrefixADashAndACounterInHex() {
    String first = RequestIds.next();
    String second = RequestIds.next();

    assertThat(first).matches("[0-9a-f]{16}-[0-9a-f]+");
    assertThat(second.substring(0, 17)).isEqualTo(first.substring(0, 17));
    assertThat(Long.parseLong(second.substring(17), 16))
        .isGreaterThan(Long.parseLong(first.substring(17), 16));
  }
}
