package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writers' registry across processes, with real OS locks: a child JVM holding a storage open is
 * a live writer to this one (even when its file is read-only to us); once killed, its file is an
 * unclean end.
 */
class WritersCrossProcessTest {

  @TempDir Path data;

  @Test
  void aLiveChildIsNoUncleanEndAndAKilledOneIs() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WriterChild.class.getName(),
                data.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).startsWith("ready");
      List<Path> childFiles = files();
      assertThat(childFiles).hasSize(1);
      // Read-only to everyone, as a file a command run by another user leaves: still probed.
      Files.setPosixFilePermissions(
          childFiles.get(0), PosixFilePermissions.fromString("r--r--r--"));

      try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
        assertThat(storage.writers().uncleanEnds()).isEmpty();
        // The start that repaired forgets only dead writers' files.
        storage.writers().forget(childFiles);
        assertThat(Files.exists(childFiles.get(0))).isTrue();

        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(storage.writers().uncleanEnds()).containsExactlyElementsOf(childFiles);
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("writers"))) {
      return files.map(f -> f.toAbsolutePath().normalize()).sorted().toList();
    }
  }
}
