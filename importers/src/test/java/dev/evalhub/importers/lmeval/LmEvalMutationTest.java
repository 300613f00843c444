package dev.evalhub.importers.lmeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated and byte-flipped copies of the real logs never make the reader throw. */
class LmEvalMutationTest {

  private static final List<String> FILES =
      List.of(
          LmEvalSamples.TINY,
          LmEvalSamples.MATH,
          LmEvalSamples.LEGACY,
          "generated-tiny/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl");

  @Test
  void mutatedLogsGiveDiagnosticsNeverAReaderFailure() throws Exception {
    Random random = new Random(12);
    byte[] samples = Files.readAllBytes(LmEvalSamples.root().resolve(FILES.get(3)));
    for (String name : FILES.subList(0, 3)) {
      byte[] original = Files.readAllBytes(LmEvalSamples.root().resolve(name));
      for (int round = 0; round < 60; round++) {
        byte[] mutated = mutate(original, random);
        byte[] mutatedSamples = mutate(samples, random);
        String base = name.substring(name.lastIndexOf('/') + 1);
        ReadLogs read =
            LogImporter.standard()
                .read(
                    List.of(
                        LogSource.of(base, mutated),
                        LogSource.of(
                            "samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl",
                            mutatedSamples)));
        assertThat(read.diagnostics())
            .extracting(LogDiagnostic::message)
            .noneMatch(m -> m.contains("reader failed"));
      }
    }
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] copy;
    if (random.nextBoolean()) {
      copy = java.util.Arrays.copyOf(original, random.nextInt(original.length));
    } else {
      copy = original.clone();
      for (int i = 0; i < 4; i++) {
        copy[random.nextInt(copy.length)] = (byte) "{}[],:\"0N-\\ ".charAt(random.nextInt(12));
      }
    }
    return copy;
  }
}
