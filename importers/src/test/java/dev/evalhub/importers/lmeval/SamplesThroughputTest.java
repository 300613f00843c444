package dev.evalhub.importers.lmeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Measures the samples scan on a large file named by {@code -Dlmeval.samples=PATH} (skipped
 * otherwise), printing MB/s to compare with {@code sha256sum} of the same file.
 */
class SamplesThroughputTest {

  @Test
  void scansALargeSamplesFile() throws Exception {
    String path = System.getProperty("lmeval.samples");
    assumeTrue(path != null, "set -Dlmeval.samples=PATH to measure");
    LogSource file = LogSource.of(Path.of(path), Path.of(path).getFileName().toString());
    for (int round = 0; round < 3; round++) {
      ImportContext context = new ImportContext(ImportLimits.DEFAULT, ImportProgress.NONE);
      long start = System.nanoTime();
      SamplesScan.Summary summary = new SamplesScan(file, context).scan().orElseThrow();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "scan %s: %.2f s, %.0f MB/s, rows %s, sha256 %s%n",
          file.name(),
          seconds,
          file.size() / seconds / 1e6,
          summary.rowsPerFilter(),
          summary.sha256());
      assertThat(summary.size()).isEqualTo(file.size());
    }
  }
}
