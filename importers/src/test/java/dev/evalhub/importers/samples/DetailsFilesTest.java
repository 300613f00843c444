package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.DetailsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helper's files read back as the vector they were written from. */
class DetailsFilesTest {

  private static final int[] CORRECT = {1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0};

  @TempDir Path folder;

  static SampleScores read(Path file, String format) throws IOException {
    SampleOutcome outcome =
        SampleReaders.read(
            LogSource.of(file, file.getFileName().toString()), format, ImportLimits.DEFAULT);
    assertThat(outcome).isInstanceOf(SampleOutcome.Read.class);
    return ((SampleOutcome.Read) outcome).scores();
  }

  @Test
  void lmEvalSamplesReadBackAsTheVectorByDocId() throws IOException {
    SampleScores scores =
        read(DetailsFiles.lmEvalSamples(folder, "boolq", CORRECT), "lm-eval-samples");

    assertThat(scores.metrics()).containsExactly("acc");
    assertThat(scores.size()).isEqualTo(CORRECT.length);
    for (int i = 0; i < scores.size(); i++) {
      int doc = Integer.parseInt(scores.itemId(i));
      assertThat(scores.score(0, i)).isEqualTo(CORRECT[doc]);
    }
  }

  @Test
  void inspectJsonReadsBackAsTheVectorAndTheImporterAgreesOnAccuracy() throws IOException {
    Path log = DetailsFiles.inspectJson(folder, "boolq", "openai/gpt-4o", CORRECT);
    SampleScores scores = read(log, "inspect-json");

    for (int i = 0; i < scores.size(); i++) {
      int id = Integer.parseInt(scores.itemId(i));
      assertThat(scores.score(0, i)).isEqualTo(CORRECT[id - 1]);
    }
    List<LogResult> results =
        LogImporter.standard().read(List.of(LogSource.of(log, "boolq.json"))).results();
    assertThat(results).extracting(LogResult::value).containsExactly(scores.mean(0));
  }
}
