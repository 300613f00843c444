package dev.evalhub.service;

import static dev.evalhub.service.PullRequestFixture.ALICE;
import static dev.evalhub.service.PullRequestFixture.ALICE_READ;
import static dev.evalhub.service.PullRequestFixture.ANONYMOUS;
import static dev.evalhub.service.PullRequestFixture.BOB;
import static dev.evalhub.service.PullRequestFixture.PRIVATE;
import static dev.evalhub.service.PullRequestFixture.PUBLIC;
import static dev.evalhub.service.PullRequestFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException.Kind;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may export a model's results as Every Eval Ever records (whoever may read the model), and
 * what a record holds.
 */
class ExportServiceTest {

  @TempDir Path data;
  private PullRequestFixture fixture;
  private ExportService exports;

  @BeforeEach
  void open() {
    fixture = new PullRequestFixture(data);
    exports = fixture.hub.exports();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ReadLogs reimport(byte[] record) {
    return LogImporter.standard().read(List.of(LogSource.of("record.json", record)));
  }

  @Test
  void oneEntryExportsAsARecordThatReadsBackWithTheCommitThatAddedIt() {
    byte[] record =
        exports.eee(
            PUBLIC,
            Optional.of(".eval_results/hle.yaml"),
            Optional.of(0),
            Optional.of("https://hub.example"),
            ANONYMOUS);

    ReadLogs read = reimport(record);
    assertThat(read.diagnostics()).isEmpty();
    LogResult result = read.results().get(0);
    assertThat(result.value()).isEqualTo(20.9);
    assertThat(result.task()).isEqualTo("hle");
    assertThat(result.model()).isEqualTo("alice/gpt");
    String text = new String(record, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\"evalhub.dataset_id\" : \"cais/hle\"")
        .contains("\"evalhub.file\" : \".eval_results/hle.yaml\"")
        .containsPattern("\"evalhub.commit\" : \"[0-9a-f]{40}\"")
        .contains("\"url\" : [ \"https://hub.example/datasets/cais/hle\" ]");
  }

  @Test
  void allResultsExportAsAnArray() {
    String text =
        new String(
            exports.eee(PUBLIC, Optional.empty(), Optional.empty(), Optional.empty(), ANONYMOUS),
            StandardCharsets.UTF_8);

    assertThat(text).startsWith("[ {").endsWith("} ]").contains("\"score\" : 20.9");
  }

  @Test
  void aPrivateModelIsNotFoundForStrangersAndExportsForItsWriters() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, Optional.of(BOB))) {
      refused(
          () -> exports.eee(PRIVATE, Optional.empty(), Optional.empty(), Optional.empty(), caller),
          Kind.REPO_NOT_FOUND,
          "repository alice/secret not found");
    }
    for (Caller caller : List.of(ALICE, ALICE_READ)) {
      assertThat(
              exports.eee(
                  PRIVATE,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(caller)))
          .isNotEmpty();
    }
  }

  @Test
  void aDatasetIsNoModelToExport() {
    refused(
        () ->
            exports.eee(
                new RepoId(RepoType.DATASET, "alice", "gpt"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ANONYMOUS),
        Kind.REPO_NOT_FOUND,
        "repository datasets/alice/gpt not found");
  }

  @Test
  void aBadFileOrIndexIsInvalid() {
    refused(
        () ->
            exports.eee(
                PUBLIC,
                Optional.of(".eval_results/hle.yaml"),
                Optional.empty(),
                Optional.empty(),
                ANONYMOUS),
        Kind.INVALID,
        "file and index are given together, or neither");
    refused(
        () ->
            exports.eee(
                PUBLIC, Optional.of("README.md"), Optional.of(0), Optional.empty(), ANONYMOUS),
        Kind.INVALID,
        "\"README.md\" is not a results file (.eval_results/NAME.yaml)");
    refused(
        () ->
            exports.eee(
                PUBLIC,
                Optional.of(".eval_results/gsm8k.yaml"),
                Optional.of(0),
                Optional.empty(),
                ANONYMOUS),
        Kind.INVALID,
        "no results file .eval_results/gsm8k.yaml on main");
    refused(
        () ->
            exports.eee(
                PUBLIC,
                Optional.of(".eval_results/hle.yaml"),
                Optional.of(1),
                Optional.empty(),
                ANONYMOUS),
        Kind.INVALID,
        ".eval_results/hle.yaml has 1 entries; index 1 names none");
  }
}
