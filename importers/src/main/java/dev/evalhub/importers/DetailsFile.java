package dev.evalhub.importers;

import java.util.Objects;

/**
 * The per-sample file behind a result, to be stored in the model repository next to the results:
 * the log file it is, the path it gets in the repository (under {@code .eval_results/details/}),
 * its SHA-256 (hex, of its exact bytes), its size in bytes and its {@code details.format} id
 * ({@code inspect-eval}, {@code inspect-json}, {@code lm-eval-samples}, {@code eee-jsonl}, {@code
 * lighteval-parquet}, {@code helm-per-instance}).
 */
public record DetailsFile(LogSource source, String path, String sha256, long size, String format) {

  /** The folder of a model repository that holds imported per-sample files. */
  public static final String FOLDER = ".eval_results/details/";

  public DetailsFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(format, "format");
  }
}
