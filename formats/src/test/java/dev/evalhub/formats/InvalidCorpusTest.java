package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/invalid/KIND/} is read as KIND and must produce
 * exactly the diagnostics of its {@code .expected} file, one per line: {@code LINE:COLUMN SEVERITY
 * PATH | MESSAGE}.
 */
@Tag("hostile")
class InvalidCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/invalid");

  static Stream<Path> corpus() throws IOException {
    return Files.walk(CORPUS)
        .filter(Files::isRegularFile)
        .filter(p -> !p.toString().endsWith(".expected"))
        .sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachInvalidFileGetsExactlyItsExpectedDiagnostics(Path file) throws IOException {
    FileKind kind = FileKind.fromId(file.getParent().getFileName().toString()).orElseThrow();
    byte[] bytes = Files.readAllBytes(file);
    EvalFormats formats = EvalFormats.standard();
    Validated<?> result =
        kind == FileKind.MODEL_CARD && !file.toString().endsWith(".md")
            ? formats.readModelCardYaml(bytes)
            : formats.read(kind, bytes);

    List<String> expected = Files.readAllLines(Path.of(file + ".expected"), StandardCharsets.UTF_8);
    List<String> actual =
        result.diagnostics().stream()
            .map(
                d ->
                    d.line()
                        + ":"
                        + d.column()
                        + " "
                        + d.severity().word()
                        + " "
                        + d.path()
                        + " | "
                        + d.message())
            .toList();

    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(result.isValid())
        .isEqualTo(expected.stream().noneMatch(line -> line.contains(" error ")));
  }

  @org.junit.jupiter.api.Test
  void theCorpusHasAFileForEveryKind() throws IOException {
    assertThat(corpus().map(p -> p.getParent().getFileName().toString()).distinct())
        .containsExactlyInAnyOrder("benchmark", "results", "model-card");
    assertThat(corpus().count()).isGreaterThan(80);
  }
}
