package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.LargeLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A details file is streamed: a child JVM with a 48 MiB heap reads a 200 MiB lm-eval samples file
 * (the real tiny_mc_letter records renumbered, about 90 000 items) into per-item scores.
 */
class StreamedDetailsTest {

  private static final long SAMPLES_BYTES = 200L << 20;

  @Test
  void aSamplesFileFourTimesTheHeapIsReadInAChildJvm(@TempDir Path dir) throws Exception {
    Path samples = LargeLogs.lmEvalRun(dir.resolve("run"), SAMPLES_BYTES);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx48m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName(),
                    samples.toString()))
            .redirectErrorStream(true)
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    System.out.println("PROBE " + output.strip());
    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("read lm-eval-samples items ").contains(" metrics [acc, acc_norm]");
  }

  /** The child's main: reads one lm-eval samples file and prints its shape and time. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Path file = Path.of(args[0]);
      long start = System.nanoTime();
      SampleOutcome outcome =
          SampleReaders.read(
              LogSource.of(file, file.getFileName().toString()),
              "lm-eval-samples",
              ImportLimits.DEFAULT);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (outcome instanceof SampleOutcome.Read read) {
        SampleScores scores = read.scores();
        System.out.println(
            "read "
                + scores.format()
                + " items "
                + scores.size()
                + " metrics "
                + scores.metrics()
                + " in "
                + millis
                + " ms");
        System.exit(0);
      }
      System.out.println(outcome);
      System.exit(1);
    }
  }
}
