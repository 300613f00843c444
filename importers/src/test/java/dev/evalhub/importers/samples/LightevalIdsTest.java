package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.Samples;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lighteval details parquet whose {@code doc.id}s are not unique (older lighteval versions leave
 * it empty) is keyed by row index instead; written from the real gpt-4.1 details.
 */
class LightevalIdsTest {

  @Test
  void rowsWithoutUniqueDocIdsAreKeyedByTheirIndex(@TempDir Path dir) throws Exception {
    Path real =
        Samples.root()
            .resolve(
                "lighteval/details_community_gpqa-diamond-idk_0_2025-09-26T18-27-42.841353.parquet");
    Path copy = dir.resolve("details_no_ids.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement()) {
      statement.execute(
          "COPY (SELECT struct_pack(id := '', query := doc.query) AS doc, metric FROM read_parquet('"
              + real
              + "')) TO '"
              + copy
              + "' (FORMAT parquet)");
    }

    SampleOutcome outcome =
        SampleReaders.read(
            LogSource.of(copy, "details_no_ids.parquet"),
            "lighteval-parquet",
            ImportLimits.DEFAULT);

    SampleScores scores = ((SampleOutcome.Read) outcome).scores();
    assertThat(scores.size()).isEqualTo(198);
    assertThat(scores.itemId(0)).isEqualTo("0");
    assertThat(scores.itemId(1)).isEqualTo("1");
    assertThat(scores.itemId(2)).isEqualTo("10");
    assertThat(scores.mean(scores.metricIndex("trad_score")))
        .isCloseTo(0.6313131313131313, within(1e-12));
  }
}
