package dev.evalhub.importers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.testing.LargeLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-sample file is streamed, never held: a child JVM whose heap (32 MiB) is far smaller than
 * the samples file (256 MiB) imports the lm-eval run, hashes the file and counts its rows. The
 * issue's own bound is a 1 GB file in a 256 MB heap; {@code bench/import-throughput.sh} runs that
 * one.
 */
class BoundedMemoryTest {

  private static final long SAMPLES_BYTES = 256L << 20;

  @Test
  void aSamplesFileEightTimesTheHeapImportsInAChildJvm(@TempDir Path dir) throws Exception {
    Path samples = LargeLogs.lmEvalRun(dir.resolve("run"), SAMPLES_BYTES);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xmx32m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                ImportProbe.class.getName(),
                dir.resolve("run").toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("details " + samples.getFileName() + " " + Files.size(samples))
        .doesNotContain("error:");
  }

  /** The child's main: imports every file of a folder and prints what it read. */
  public static final class ImportProbe {
    public static void main(String[] args) throws IOException {
      Path folder = Path.of(args[0]);
      List<LogSource> logs = new ArrayList<>();
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          logs.add(LogSource.of(file, file.getFileName().toString()));
        }
      }
      ReadLogs read = LogImporter.standard().read(logs);
      read.diagnostics().forEach(d -> System.out.println(d.format()));
      for (LogResult result : read.results()) {
        if (result.details() != null) {
          System.out.println(
              "details " + result.details().source().name() + " " + result.details().size());
        }
      }
      System.exit(read.hasErrors() ? 1 : 0);
    }
  }
}
