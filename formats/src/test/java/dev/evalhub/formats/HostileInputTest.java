package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Files built to hurt a YAML reader are refused with a diagnostic, quickly and without expanding
 * anything. The one-second bound is generous on purpose: it catches exponential blow-ups, not slow
 * machines.
 */
@Tag("hostile")
class HostileInputTest {

  private static final Duration BOUND = Duration.ofSeconds(1);
  private final EvalFormats formats = EvalFormats.standard();

  private Validated<?> readWithinBound(byte[] bytes) {
    formats.readResults("[]".getBytes(StandardCharsets.UTF_8));
    return assertTimeoutPreemptively(BOUND, () -> formats.readResults(bytes));
  }

  @Test
  void aBillionLaughsAliasBombIsRefusedWithoutExpansion() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))))
          .append("]\n");
    }

    Validated<?> read = readWithinBound(yaml.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(read.isValid()).isFalse();
    assertThat(read.errors())
        .anySatisfy(d -> assertThat(d.message()).isEqualTo("aliases are not allowed"));
  }

  @Test
  void nestingTwoHundredDeepStopsAtTheLimit() {
    String yaml = "[".repeat(200) + "]".repeat(200);

    Validated<?> read = readWithinBound(yaml.getBytes(StandardCharsets.UTF_8));

    assertThat(read.errors())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message()).isEqualTo("nesting is deeper than the limit of 32 levels"));
  }

  @Test
  void nestingTwoHundredDeepInBlockMappingsStopsAtTheLimit() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      yaml.append(" ".repeat(i)).append("k:\n");
    }

    Validated<?> read = readWithinBound(yaml.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(read.errors())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("deeper than the limit"));
  }

  @Test
  void aTwoMegabyteFileIsRefusedBeforeParsing() {
    byte[] bytes = new byte[2 * 1024 * 1024];
    Arrays.fill(bytes, (byte) '#');

    Validated<?> read = readWithinBound(bytes);

    assertThat(read.errors())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .isEqualTo("file is 2097152 bytes, larger than the limit of 1048576 bytes"));
  }

  @Test
  void invalidUtf8IsRefusedAtTheByteWhereItStarts() {
    byte[] bytes =
        "- dataset: {id: a/b, task_id: t}\n  value: 1\n  notes: caf\u00e9 \u00ff\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    Validated<?> read = readWithinBound(bytes);

    assertThat(read.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.line()).isEqualTo(3);
              assertThat(d.column()).isEqualTo(13);
              assertThat(d.message()).startsWith("file is not valid UTF-8: malformed byte 0xE9");
            });
  }

  @Test
  void thousandsOfAnchorsStopAfterAHundredDiagnostics() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      yaml.append("- &x").append(i).append(" 1\n");
    }

    Validated<?> read = readWithinBound(yaml.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(read.diagnostics()).hasSize(101);
    assertThat(read.diagnostics().get(100).message())
        .isEqualTo("too many problems; stopped reading here");
  }
}
