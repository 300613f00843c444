package dev.evalhub.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.EvalFormats;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rebuild's results files kept by blob id: what is served equals reading the bytes, a blob is
 * read once while kept, the least recently used files go first past the byte or file bound, and a
 * file without an id or over the bound is read each time and never kept.
 */
class ParsedResultsTest {

  private static final EvalFormats FORMATS = EvalFormats.standard();

  private static byte[] file(double value) {
    return ("- dataset:\n    id: acme/bench\n    task_id: t1\n  value: " + value + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void servesWhatReadingGivesAndReadsABlobOnce() {
    ParsedResults kept = new ParsedResults(FORMATS, 1 << 20, 100);
    byte[] bytes = file(0.25);

    ParsedResults.Parsed first = kept.get(Optional.of("a".repeat(40)), bytes);
    ParsedResults.Parsed again = kept.get(Optional.of("a".repeat(40)), bytes);

    assertThat(again).isSameAs(first).isEqualTo(ParsedResults.read(FORMATS, bytes));
    assertThat(first.forms()).hasSize(1);
    assertThat(first.forms().get(0).sha256()).hasSize(64);
    assertThat(kept.hits()).isEqualTo(1);
    assertThat(kept.misses()).isEqualTo(1);
  }

  @Test
  void invalidFilesAreKeptWithTheirDiagnostics() {
    ParsedResults kept = new ParsedResults(FORMATS, 1 << 20, 100);
    byte[] bytes = "- dataset: [unclosed\n".getBytes(StandardCharsets.UTF_8);

    ParsedResults.Parsed parsed = kept.get(Optional.of("b".repeat(40)), bytes);

    assertThat(parsed.read().value()).isEmpty();
    assertThat(parsed.read().diagnostics()).isNotEmpty();
    assertThat(parsed.forms()).isEmpty();
    assertThat(kept.get(Optional.of("b".repeat(40)), bytes)).isSameAs(parsed);
  }

  @Test
  void leastRecentlyUsedFilesGoFirstPastTheFileBound() {
    ParsedResults kept = new ParsedResults(FORMATS, 1 << 20, 2);
    kept.get(Optional.of("1".repeat(40)), file(0.1));
    kept.get(Optional.of("2".repeat(40)), file(0.2));
    kept.get(Optional.of("1".repeat(40)), file(0.1)); // 2 is now the least recently used

    kept.get(Optional.of("3".repeat(40)), file(0.3));

    assertThat(kept.files()).isEqualTo(2);
    assertThat(kept.holds("1".repeat(40))).isTrue();
    assertThat(kept.holds("2".repeat(40))).isFalse();
    assertThat(kept.holds("3".repeat(40))).isTrue();
  }

  @Test
  void theByteBoundEvictsAndAFileOverItIsNeverKept() {
    int size = file(0.1).length;
    ParsedResults kept = new ParsedResults(FORMATS, 2L * size, 100);
    kept.get(Optional.of("1".repeat(40)), file(0.1));
    kept.get(Optional.of("2".repeat(40)), file(0.2));
    kept.get(Optional.of("3".repeat(40)), file(0.3));

    assertThat(kept.files()).isEqualTo(2);
    assertThat(kept.bytes()).isEqualTo(2L * size);
    assertThat(kept.holds("1".repeat(40))).isFalse();

    byte[] large = ("# " + "x".repeat(3 * size) + "\n").getBytes(StandardCharsets.UTF_8);
    kept.get(Optional.of("4".repeat(40)), large);
    assertThat(kept.holds("4".repeat(40))).isFalse();
    assertThat(kept.files()).isEqualTo(2);
  }

  @Test
  void aFileWithoutItsIdIsReadEachTime() {
    ParsedResults kept = new ParsedResults(FORMATS, 1 << 20, 100);

    ParsedResults.Parsed first = kept.get(Optional.empty(), file(0.4));
    ParsedResults.Parsed second = kept.get(Optional.empty(), file(0.4));

    assertThat(second).isNotSameAs(first).isEqualTo(first);
    assertThat(kept.files()).isZero();
    assertThat(kept.misses()).isEqualTo(2);
  }
}
