package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.index.internal.H2LockFile;
import dev.evalhub.verification.TrustedIssuers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 index opens over the lock file a killed process left ({@code
 * index/evalhub.lock.db} naming that process's AUTO_SERVER port) even when another program listens
 * on that port now and never answers, where H2 alone waits for an answer forever (WebhookCrashIT's
 * restarted hub printed nothing); a lock file whose server answers is left alone, and so is the
 * lock file of a live owner in another process that is paused (silent like a stranger, but it still
 * has the database open).
 */
class StaleH2LockTest {

  @TempDir Path temp;

  @Test
  void theIndexOpensOverAKilledProcessLockFileWhosePortNowHoldsASilentListener() throws Exception {
    try (IndexFixture hub = IndexFixture.h2(temp);
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      hub.index.close(); // the last connection: H2 closes the database and removes its lock file
      Path lock = H2LockFile.of(hub.url).orElseThrow();
      assertThat(lock).doesNotExist();
      // What a SIGKILL leaves: the file as the killed process wrote it, naming its server's port,
      // on which another program listens now (accepts, reads, never answers).
      Files.writeString(
          lock,
          "#FileLock\nhostName=localhost\nid=18c0ffee00000000000000000000000000\nmethod=file\n"
              + "server=localhost\\:"
              + silent.getLocalPort()
              + "\n");
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));

      hub.index =
          CompletableFuture.supplyAsync(
                  () -> Index.open(hub.url, hub.storage, TrustedIssuers.none().with(hub.key)))
              .get(60, TimeUnit.SECONDS);

      assertThat(hub.index.lastSequence()).isGreaterThanOrEqualTo(0);
      assertThat(Files.readString(lock))
          .as("the lock file is this process's now")
          .doesNotContain("18c0ffee")
          .doesNotContain("\\:" + silent.getLocalPort() + "\n");
    }
  }

  @Test
  void aKilledProcessLockFileWhosePortIsFreeIsLeftToH2() throws Exception {
    try (IndexFixture hub = IndexFixture.h2(temp)) {
      hub.index.close();
      Path lock = H2LockFile.of(hub.url).orElseThrow();
      int free;
      try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        free = closed.getLocalPort();
      }
      Files.writeString(
          lock,
          "#FileLock\nhostName=localhost\nid=18c0ffee00000000000000000000000000\nmethod=file\n"
              + "server=localhost\\:"
              + free
              + "\n");
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));

      assertThat(H2LockFile.removeIfStale(hub.url)).isFalse();

      assertThat(lock).exists();
      hub.index =
          CompletableFuture.supplyAsync(
                  () -> Index.open(hub.url, hub.storage, TrustedIssuers.none().with(hub.key)))
              .get(60, TimeUnit.SECONDS);
      assertThat(Files.readString(lock)).doesNotContain("18c0ffee");
    }
  }

  @Test
  void theLockFileOfALiveOwnerIsLeftAlone() throws Exception {
    try (IndexFixture hub = IndexFixture.h2(temp)) {
      Path lock = H2LockFile.of(hub.url).orElseThrow();
      String before = Files.readString(lock);
      assertThat(before).contains("server=");

      assertThat(H2LockFile.removeIfStale(hub.url)).isFalse();

      assertThat(Files.readString(lock)).isEqualTo(before);
    }
  }

  @Test
  void theLockFileOfAPausedOwnerProcessIsLeftAlone() throws Exception {
    try (IndexFixture hub = IndexFixture.h2(temp)) {
      hub.index.close();
      Path lock = H2LockFile.of(hub.url).orElseThrow();
      try (H2Holder owner = H2Holder.start(hub.url)) {
        String before = Files.readString(lock);
        assertThat(before).contains("server=");
        owner.pause(); // its server's port accepts (the kernel does) and nothing answers

        long start = System.nanoTime();
        boolean removed = H2LockFile.removeIfStale(hub.url);
        System.out.printf(
            "removeIfStale over a paused owner: %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertThat(removed).as("the paused owner still has the database open").isFalse();
        assertThat(Files.readString(lock)).isEqualTo(before);
      }
      hub.index =
          CompletableFuture.supplyAsync(
                  () -> Index.open(hub.url, hub.storage, TrustedIssuers.none().with(hub.key)))
              .get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void onlyAnEmbeddedH2FileWithAutoServerHasALockFileThatNamesAServer() {
    assertThat(H2LockFile.of("jdbc:h2:file:/srv/hub/index/evalhub;AUTO_SERVER=TRUE"))
        .contains(Path.of("/srv/hub/index/evalhub.lock.db"));
    assertThat(H2LockFile.of("jdbc:h2:file:/srv/hub/index/evalhub")).isEmpty();
    assertThat(H2LockFile.of("jdbc:h2:mem:x;AUTO_SERVER=TRUE")).isEmpty();
    assertThat(H2LockFile.of("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")).isEmpty();
  }
}
