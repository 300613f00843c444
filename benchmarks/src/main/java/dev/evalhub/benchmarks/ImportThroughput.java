package dev.evalhub.benchmarks;

import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.testing.LargeLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Import throughput of a large lm-eval samples file against the read-and-hash limit measured in the
 * same run: {@code sha256sum} of the same file (GNU coreutils). The import reads the results file
 * and streams the samples file once, hashing and parsing every line. Prints both rates in MB/s
 * (10^6 bytes), best of {@code ROUNDS} each after one warm-up, and their ratio; the issue asks for
 * at least 0.5.
 *
 * <p>Run: {@code bench/import-throughput.sh [MB] [ROUNDS]} (default 1024 MB, 3 rounds), which runs
 * this class in a 256 MB heap: the file is four times the heap, so the import must stream.
 */
public final class ImportThroughput {

  private ImportThroughput() {}

  public static void main(String[] args) throws Exception {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("evalhub-import-bench");
    try {
      Path samples = LargeLogs.lmEvalRun(dir, megabytes * 1_000_000);
      long size = Files.size(samples);
      System.out.printf(
          Locale.ROOT,
          "samples file: %s, %.1f MB; heap max %d MB%n",
          samples.getFileName(),
          size / 1e6,
          Runtime.getRuntime().maxMemory() >> 20);
      double hash = best(rounds + 1, () -> sha256sum(samples));
      double imported = best(rounds + 1, () -> importRun(dir));
      System.out.printf(Locale.ROOT, "sha256sum: %.0f MB/s%n", size / 1e6 / hash);
      System.out.printf(Locale.ROOT, "import:    %.0f MB/s%n", size / 1e6 / imported);
      System.out.printf(Locale.ROOT, "ratio import/sha256sum: %.2f%n", hash / imported);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  /** The shortest of {@code times} runs after the first (a warm-up), in seconds. */
  private static double best(int times, Run run) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      run.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (i > 0) {
        best = Math.min(best, seconds);
      }
    }
    return best;
  }

  private static void sha256sum(Path file) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("sha256sum", file.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("sha256sum failed");
    }
  }

  private static void importRun(Path dir) throws IOException {
    List<LogSource> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        logs.add(LogSource.of(file, file.getFileName().toString()));
      }
    }
    ReadLogs read = LogImporter.standard().read(logs);
    if (read.hasErrors() || read.results().stream().noneMatch(r -> r.details() != null)) {
      throw new IllegalStateException("the import failed: " + read.diagnostics());
    }
  }
}
