package dev.evalhub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a generated hub into a data folder, for the benchmark scripts to reuse ({@code
 * bench/reindex-vs-catfile.sh}, {@code bench/start-time.sh}): MODELS model repositories of RESULTS
 * results each over BENCHMARKS benchmark datasets, one commit each (see {@link GeneratedHub}). The
 * folder must not hold repositories yet; the same arguments give the same hub (seed 7).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.evalhub.benchmarks.HubGenerator DATA
 * MODELS RESULTS BENCHMARKS}
 */
public final class HubGenerator {

  private HubGenerator() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int models = Integer.parseInt(args[1]);
    int results = Integer.parseInt(args[2]);
    int benchmarks = Integer.parseInt(args[3]);
    if (Files.exists(data.resolve("repos"))) {
      throw new IllegalArgumentException(data + " already holds repositories");
    }
    long started = System.nanoTime();
    GeneratedHub.generate(data, models, results, benchmarks, new Random(7));
    System.out.printf(
        "generated %d models x %d results over %d benchmarks in %s in %.1f s%n",
        models, results, benchmarks, data, (System.nanoTime() - started) / 1e9);
  }
}
