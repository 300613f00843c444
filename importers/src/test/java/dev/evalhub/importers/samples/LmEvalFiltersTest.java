package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lm-eval 0.4 writes one record per document and filter (gsm8k: {@code strict-match} and {@code
 * flexible-extract}); each filter is its own metric of the same items. The file is the real {@code
 * tiny_gen} samples with every record repeated under a second filter, its score flipped.
 */
class LmEvalFiltersTest {

  @Test
  void eachFilterIsAMetricOfTheSameItems() throws IOException {
    List<String> lines =
        Files.readAllLines(
            Samples.root()
                .resolve(
                    "lm-eval/generated-tiny/samples_tiny_gen_2026-11-27T16-36-41.214631.jsonl"));
    List<String> both = new ArrayList<>();
    for (String line : lines) {
      both.add(line);
      String flipped =
          line.replace("\"filter\": \"strict-match\"", "\"filter\": \"flexible-extract\"")
              .replace("\"exact_match\": 0.0", "\"exact_match\": X")
              .replace("\"exact_match\": 1.0", "\"exact_match\": 0.0")
              .replace("\"exact_match\": X", "\"exact_match\": 1.0");
      both.add(flipped);
    }
    byte[] bytes = (String.join("\n", both) + "\n").getBytes(StandardCharsets.UTF_8);

    SampleOutcome outcome =
        SampleReaders.read(
            LogSource.of("samples_tiny_gen.jsonl", bytes), "lm-eval-samples", ImportLimits.DEFAULT);

    SampleScores scores = ((SampleOutcome.Read) outcome).scores();
    assertThat(scores.size()).isEqualTo(lines.size());
    assertThat(scores.metrics())
        .containsExactly("exact_match,strict-match", "exact_match,flexible-extract");
    for (int i = 0; i < scores.size(); i++) {
      assertThat(scores.score(0, i) + scores.score(1, i)).isEqualTo(1.0);
    }
  }
}
