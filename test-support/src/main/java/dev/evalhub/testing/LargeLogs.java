package dev.evalhub.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Large evaluation logs made from the real ones, for the import benchmark and the bounded-memory
 * test: the generated-tiny lm-eval run ({@code samples/lm-eval/generated-tiny}, lm_eval 0.4.13)
 * with its {@code tiny_mc_letter} samples file repeated, each copy of a line given a new {@code
 * doc_id}, until the file reaches the size asked for. The results file is the real one, unchanged,
 * so the samples file's row count disagrees with its {@code n-samples} (a warning, not an error).
 */
public final class LargeLogs {

  /** The date id that joins the generated-tiny results file to its samples files. */
  public static final String DATE_ID = "2026-11-27T16-36-41.214631";

  private static final Pattern DOC_ID = Pattern.compile("^\\{\"doc_id\": (\\d+)");

  private LargeLogs() {}

  /** The real generated-tiny run folder. */
  public static Path tinyRun() {
    return Samples.root().resolve("lm-eval/generated-tiny");
  }

  /**
   * Writes into {@code dir} the generated-tiny results file and a {@code tiny_mc_letter} samples
   * file of at least {@code bytes} bytes; returns the samples file.
   */
  public static Path lmEvalRun(Path dir, long bytes) {
    try {
      Files.createDirectories(dir);
      String results = "results_" + DATE_ID + ".json";
      Files.copy(tinyRun().resolve(results), dir.resolve(results));
      String samplesName = "samples_tiny_mc_letter_" + DATE_ID + ".jsonl";
      List<String> lines =
          Files.readAllLines(tinyRun().resolve(samplesName), StandardCharsets.UTF_8).stream()
              .filter(line -> !line.isBlank())
              .toList();
      Path samples = dir.resolve(samplesName);
      long written = 0;
      long docId = 0;
      try (BufferedWriter out = Files.newBufferedWriter(samples, StandardCharsets.UTF_8)) {
        while (written < bytes) {
          for (String line : lines) {
            Matcher m = DOC_ID.matcher(line);
            String renumbered = m.find() ? "{\"doc_id\": " + docId + line.substring(m.end()) : line;
            out.write(renumbered);
            out.write('\n');
            written += renumbered.length() + 1;
            docId++;
          }
        }
      }
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
