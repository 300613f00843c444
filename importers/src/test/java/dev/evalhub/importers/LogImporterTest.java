package dev.evalhub.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogImporterTest {

  private static LogSource json(String name, String text) {
    return LogSource.of(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFileNoReaderAcceptsIsAnErrorThatSaysWhatIsRead() {
    ReadLogs read = LogImporter.standard().read(List.of(json("notes.txt", "hello")));

    assertThat(read.results()).isEmpty();
    assertThat(read.hasErrors()).isTrue();
    assertThat(read.diagnostics().get(0).format())
        .startsWith("notes.txt: error: not a log evalhub reads");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() {
    LogImporter importer =
        LogImporter.standard().withLimits(ImportLimits.DEFAULT.withMaxFileBytes(4));

    ReadLogs read = importer.read(List.of(json("big.json", "{\"results\": {}}")));

    assertThat(read.diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("a log may hold at most 4"));
  }

  @Test
  void aReaderThatThrowsBecomesAnErrorOfItsFilesNotAnException() {
    LogReader broken =
        new LogReader() {
          @Override
          public String framework() {
            return "broken";
          }

          @Override
          public boolean accepts(Sniff sniff) {
            return true;
          }

          @Override
          public void read(List<LogSource> files, ImportContext context) {
            throw new IllegalStateException("boom");
          }
        };

    ReadLogs read =
        new LogImporter(List.of(broken), ImportLimits.DEFAULT).read(List.of(json("a.json", "{}")));

    assertThat(read.diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.format()).contains("a.json: error: the broken reader failed"));
  }

  @Test
  void aDiagnosticNamesTheLineAndColumnOfAJsonPointer() {
    String text = "{\n  \"results\": {\n    \"mmlu\": {\"acc,none\": NaN}\n  }\n}\n";
    JsonDoc doc =
        JsonDoc.parse(text.getBytes(StandardCharsets.UTF_8), ImportLimits.DEFAULT)
            .doc()
            .orElseThrow();
    ImportContext context = new ImportContext(ImportLimits.DEFAULT, ImportProgress.NONE);
    LogSource file = json("results.json", text);

    context.error(file, "", doc, "/results/mmlu/acc,none", "acc,none is NaN");

    assertThat(doc.at("/results/mmlu/acc,none").isNumber()).isTrue();
    assertThat(context.finish().diagnostics().get(0).format())
        .isEqualTo("results.json:3:26: error: acc,none is NaN (at /results/mmlu/acc,none)");
  }

  @Test
  void brokenJsonSaysWhereItBroke() {
    ImportContext context = new ImportContext(ImportLimits.DEFAULT, ImportProgress.NONE);
    LogSource file = json("results.json", "{\"results\": {\"a\": 1,}}");

    assertThat(context.readJson(file)).isEmpty();
    assertThat(context.finish().diagnostics().get(0).format())
        .startsWith("results.json:1:21: error: not valid JSON");
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThat(
            JsonDoc.parse(
                    "{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8), ImportLimits.DEFAULT)
                .error())
        .isPresent();
  }

  @Test
  void aSniffSeesTheTopLevelKeysOfAFileLargerThanItsPrefix() {
    StringBuilder text = new StringBuilder("{\"results\": {}, \"pad\": \"");
    text.append("x".repeat(Sniff.PREFIX_BYTES)).append("\", \"late\": 1}");

    Sniff sniff = new SniffProbe().of(json("r.json", text.toString()));

    assertThat(sniff.topLevelKeys()).containsExactly("results", "pad");
    assertThat(sniff.looksLikeJsonObject()).isTrue();
    assertThat(sniff.isZip()).isFalse();
  }

  private static final class SniffProbe {
    Sniff of(LogSource source) {
      try {
        return Sniff.of(source);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
