package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

  private static final RepoId REPO = new RepoId(RepoType.MODEL, "alice", "gpt");

  @TempDir Path dir;

  private static RefEvent.Pending update(String newId) {
    return new RefEvent.Pending(
        REPO,
        new RefName(RefNames.MAIN),
        CommitId.ZERO,
        CommitId.parse(newId),
        new AccountName("alice"));
  }

  @Test
  void sequenceNumbersContinueAcrossReopening() {
    Path file = dir.resolve("events.log");
    new EventLog(file, Clock.systemUTC())
        .append(List.of(update("a".repeat(40)), update("b".repeat(40))));

    List<RefEvent> next =
        new EventLog(file, Clock.systemUTC()).append(List.of(update("c".repeat(40))));

    assertThat(next).extracting(RefEvent::sequence).containsExactly(3L);
  }

  @Test
  void consumerCatchesUpFromItsLastSequenceNumber() {
    EventLog log = new EventLog(dir.resolve("events.log"), Clock.systemUTC());
    log.append(List.of(update("a".repeat(40)), update("b".repeat(40)), update("c".repeat(40))));

    assertThat(log.readAfter(1))
        .extracting(RefEvent::newId)
        .containsExactly(CommitId.parse("b".repeat(40)), CommitId.parse("c".repeat(40)));
  }

  @Test
  void theLogsPositionIsItsLastSequenceNumber() {
    EventLog log = new EventLog(dir.resolve("events.log"), Clock.systemUTC());
    assertThat(log.lastSequence()).isZero();

    log.append(List.of(update("a".repeat(40)), update("b".repeat(40))));

    assertThat(log.lastSequence()).isEqualTo(2);
  }

  @Test
  void listenersHearAppendedEvents() {
    EventLog log = new EventLog(dir.resolve("events.log"), Clock.systemUTC());
    List<RefEvent> heard = new ArrayList<>();
    log.addListener(heard::add);

    log.append(List.of(update("a".repeat(40))));

    assertThat(heard)
        .singleElement()
        .extracting(RefEvent::repo, RefEvent::ref)
        .containsExactly(REPO, new RefName(RefNames.MAIN));
  }

  @Test
  void concurrentAppendersOnOneFileNumberEveryEventOnce() throws Exception {
    Path file = dir.resolve("events.log");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      EventLog log = new EventLog(file, Clock.systemUTC());
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 25; i++) {
                  log.append(List.of(update("d".repeat(40))));
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(new EventLog(file, Clock.systemUTC()).readAfter(0))
        .extracting(RefEvent::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
  }

  @Test
  void tornLastLineFromACrashIsDropped() throws Exception {
    Path file = dir.resolve("events.log");
    EventLog log = new EventLog(file, Clock.systemUTC());
    log.append(List.of(update("a".repeat(40))));
    Files.writeString(
        file,
        "2\t2026-01-01T00:00:00Z\talice/g",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    log.append(List.of(update("b".repeat(40))));

    assertThat(log.readAfter(0)).extracting(RefEvent::sequence).containsExactly(1L, 2L);
  }
}
