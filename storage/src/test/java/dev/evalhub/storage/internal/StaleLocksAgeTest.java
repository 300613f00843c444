package dev.evalhub.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several instances on one data folder, the leader removes only the ref locks older than a
 * bound: a younger one may be a live writer's.
 */
class StaleLocksAgeTest {

  @TempDir Path gitDir;

  @Test
  void onlyLocksOlderThanTheBoundAreRemoved() throws Exception {
    Path old = gitDir.resolve("refs/heads/main.lock");
    Path young = gitDir.resolve("refs/heads/dev.lock");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "x");
    Files.writeString(young, "y");
    Instant now = Instant.now();
    Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofMinutes(5))));

    assertThat(StaleLocks.remove(gitDir, now.minus(Duration.ofMinutes(1)))).containsExactly(old);
    assertThat(young).exists();
    assertThat(StaleLocks.remove(gitDir)).as("one process removes them all").containsExactly(young);
  }
}
