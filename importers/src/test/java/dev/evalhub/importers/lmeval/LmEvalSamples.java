package dev.evalhub.importers.lmeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real lm-eval sample logs, read through the standard importer. */
final class LmEvalSamples {

  static final String TINY = "generated-tiny/results_2026-11-27T16-36-41.214631.json";
  static final String LLAMA = "results_2025-01-25T04-48-43.622918_Llama-3.1-8B-Instruct.json";
  static final String DEEPSEEK =
      "results_2025-01-26T22-29-00.931915_DeepSeek-R1-Distill-Llama-8B.json";
  static final String MATH = "results_2026-01-21T03-44-18.458309.json";
  static final String MATH_SAMPLES = "samples_math_perturbed_full_2026-01-21T03-44-18.458309.jsonl";
  static final String LEGACY = "legacy_v0.3_arc_challenge-v2.0-res.json";

  private LmEvalSamples() {}

  static LogSource file(String name) {
    try {
      return LogSource.of(Samples.root().resolve("lm-eval").resolve(name), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReadLogs read(String... names) {
    List<LogSource> files = new ArrayList<>();
    for (String name : names) {
      files.add(file(name));
    }
    return LogImporter.standard().read(files);
  }

  /** The tiny run: results and its three samples files. */
  static ReadLogs tiny() {
    return read(
        TINY,
        "generated-tiny/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl",
        "generated-tiny/samples_tiny_mc_cloze_2026-11-27T16-36-41.214631.jsonl",
        "generated-tiny/samples_tiny_gen_2026-11-27T16-36-41.214631.jsonl");
  }

  static LogResult result(ReadLogs read, String file, String task, String metric) {
    List<LogResult> found =
        read.results().stream()
            .filter(
                r -> r.file().equals(file) && r.task().equals(task) && r.metric().equals(metric))
            .toList();
    assertThat(found).as(file + " " + task + " " + metric).hasSize(1);
    return found.get(0);
  }

  static Path root() {
    return Samples.root().resolve("lm-eval");
  }
}
