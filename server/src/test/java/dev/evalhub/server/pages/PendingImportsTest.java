package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.importers.LogSource;
import dev.evalhub.service.ImportRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingImportsTest {

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();
  private static final ImportRequest REQUEST = new ImportRequest(null, null, null, true, null);

  private final MutableClock clock = new MutableClock();
  private final PendingImports pending = new PendingImports(clock);

  @Test
  void anUploadIsTakenOnceByTheAccountAndForTheModelItWasSentFor() {
    String id = pending.put(upload("alice", 10));

    assertThat(pending.take(id, "bob", MODEL)).isEmpty();
    assertThat(pending.take(id, "alice", RepoId.parsePath("alice/other").orElseThrow())).isEmpty();
    assertThat(pending.take(id, "alice", MODEL)).isPresent();
    assertThat(pending.take(id, "alice", MODEL)).isEmpty();
  }

  @Test
  void anUploadExpiresAfterItsTimeToLive() {
    String id = pending.put(upload("alice", 10));

    clock.advance(PendingImports.TTL);

    assertThat(pending.take(id, "alice", MODEL)).isEmpty();
  }

  @Test
  void theOldestUploadsAreDroppedWhenTheKeptBytesPassTheBound() {
    long quarter = PendingImports.MAX_BYTES / 4;
    String oldest = pending.put(upload("alice", quarter));
    String second = pending.put(upload("alice", quarter));
    pending.put(upload("alice", quarter));
    pending.put(upload("alice", quarter));

    String newest = pending.put(upload("alice", quarter));

    assertThat(pending.take(oldest, "alice", MODEL)).isEmpty();
    assertThat(pending.take(second, "alice", MODEL)).isPresent();
    assertThat(pending.take(newest, "alice", MODEL)).isPresent();
  }

  @Test
  void anUnknownOrMissingIdFindsNothing() {
    assertThat(pending.take(null, "alice", MODEL)).isEmpty();
    assertThat(pending.take("nope", "alice", MODEL)).isEmpty();
  }

  private static PendingImports.Pending upload(String user, long bytes) {
    return new PendingImports.Pending(
        user, MODEL, List.of(LogSource.of("r.json", new byte[0])), REQUEST, bytes);
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
