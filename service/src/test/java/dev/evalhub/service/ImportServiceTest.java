package dev.evalhub.service;

import static dev.evalhub.service.ServiceFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import dev.evalhub.index.Index;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing logs into a model on a real storage and H2 index: one commit with the results file and
 * the per-sample files, idempotent re-imports, no replaced file, pull requests for strangers, and
 * nothing committed when a log has an error. The logs are of a toy format read by a reader of this
 * test ({@code {"task": .., "metric": .., "value": ..}}, its own per-sample file), so that these
 * rules are tested apart from the real readers (see ImportApiIT and ImportLogsIT for those).
 */
class ImportServiceTest {

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();
  private static final RepoId PRIVATE_MODEL = RepoId.parsePath("alice/secret").orElseThrow();
  private static final RepoId BENCH = RepoId.parsePath("datasets/acme/toy-bench").orElseThrow();
  private static final Caller ALICE = new Caller("alice", Role.WRITE);
  private static final Caller ALICE_READ = new Caller("alice", Role.READ);
  private static final Caller BOB = new Caller("bob", Role.WRITE);

  @TempDir Path dir;
  private Storage storage;
  private Index index;
  private ImportService imports;

  /** The toy format: one JSON object naming a task, a metric and a value; itself the details. */
  static final class ToyReader implements LogReader {
    @Override
    public String framework() {
      return "inspect-ai";
    }

    @Override
    public boolean accepts(Sniff sniff) {
      return sniff.name().endsWith(".toy.json");
    }

    @Override
    public void read(List<LogSource> files, ImportContext context) {
      for (LogSource file : files) {
        Optional<JsonDoc> doc = context.readJson(file);
        if (doc.isEmpty()) {
          continue;
        }
        JsonNode value = doc.get().at("/value");
        if (!value.isNumber()) {
          context.error(file, "", doc.get(), "/value", "value must be a number");
          continue;
        }
        context.add(
            new LogResult(
                file.name(),
                "inspect-ai",
                doc.get().at("/task").asText(),
                doc.get().at("/metric").asText(),
                value.asDouble(),
                null,
                4L,
                "2025-01-02T03:04:05Z",
                "gpt",
                new Methodology(Map.of("framework", "inspect-ai", "scoring", "generate_letter")),
                new DetailsFile(
                    file,
                    ".eval_results/details/" + file.baseName(),
                    context.sha256(file).orElseThrow(),
                    file.size(),
                    "inspect-json")));
      }
    }
  }

  @BeforeEach
  void setUp() {
    open(StorageOptions.DEFAULT, "data");
  }

  private void open(StorageOptions options, String folder) {
    storage = Storage.open(dir.resolve(folder), options);
    index = Index.open(Index.defaultUrl(dir.resolve(folder)), storage, TrustedIssuers.none());
    storage.events().addListener(event -> index.ingestion().onEvent(event));
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    storage.accounts().createOrg("acme", List.of("alice"));
    EvalHub hub = new EvalHub(storage, index);
    imports =
        new ImportService(
            storage,
            hub.permissions(),
            hub.commits(),
            () -> index,
            new LogImporter(List.of(new ToyReader()), ImportLimits.DEFAULT));
    storage.createRepository(BENCH, false);
    put(
        BENCH,
        "eval.yaml",
        """
        name: Toy bench
        description: A toy.
        evaluation_framework: inspect-ai
        tasks:
          - id: letters
        evalhub:
          tasks:
            letters:
              sources:
                - {framework: inspect-ai, task: toy/letters, metric: accuracy, scale: 100}
        """);
    storage.createRepository(MODEL, false);
    put(MODEL, "README.md", "# gpt\n");
    storage.createRepository(PRIVATE_MODEL, true);
    put(PRIVATE_MODEL, "README.md", "# secret\n");
  }

  @AfterEach
  void tearDown() {
    index.close();
    storage.close();
  }

  private void put(RepoId repo, String path, String text) {
    storage
        .commits()
        .commit(
            repo,
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(FileChange.put(path, text.getBytes(StandardCharsets.UTF_8))),
                "Add " + path,
                new AccountName("alice")));
  }

  private static LogSource toy(String name, String task, String value) {
    return LogSource.of(
        name,
        ("{\"task\": \"" + task + "\", \"metric\": \"accuracy\", \"value\": " + value + "}\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  private ImportOutcome importAs(
      Caller caller, RepoId model, ImportRequest request, LogSource... logs) {
    return imports.importLogs(caller, model, List.of(logs), request, ImportProgress.NONE);
  }

  private String mainFile(RepoId repo, String path) {
    String main = storage.contents().require(repo, "main").commitId();
    return new String(
        storage.contents().file(repo, main, path).orElseThrow().content(), StandardCharsets.UTF_8);
  }

  @Test
  void aWriterImportsLogsAsOneCommitOfTheResultsFileAndThePerSampleFile() {
    LogSource log = toy("run1.toy.json", "toy/letters", "0.75");

    ImportOutcome outcome = importAs(ALICE, MODEL, ImportRequest.DEFAULT, log);

    ImportPreview preview = outcome.preview();
    assertThat(preview.diagnostics()).isEmpty();
    assertThat(preview.resultsPath()).matches("\\.eval_results/toy-bench-[0-9a-f]{12}\\.yaml");
    assertThat(outcome.commitId()).isEqualTo(storage.contents().require(MODEL, "main").commitId());
    assertThat(outcome.pullRequest()).isNull();
    ResultEntry entry = preview.results().get(0).entry();
    assertThat(entry.dataset())
        .isEqualTo(new ResultEntry.DatasetRef("acme/toy-bench", "letters", null));
    assertThat(entry.value()).isEqualTo(75.0);
    assertThat(entry.details().path()).isEqualTo(".eval_results/details/run1.toy.json");
    assertThat(mainFile(MODEL, preview.resultsPath())).isEqualTo(preview.resultsYaml());
    assertThat(
            EvalFormats.standard()
                .readResults(preview.resultsYaml().getBytes(StandardCharsets.UTF_8))
                .value()
                .orElseThrow()
                .entries())
        .containsExactly(entry);
    assertThat(mainFile(MODEL, ".eval_results/details/run1.toy.json"))
        .isEqualTo("{\"task\": \"toy/letters\", \"metric\": \"accuracy\", \"value\": 0.75}\n");
  }

  @Test
  void importingTheSameLogsAgainCommitsNothing() {
    ImportOutcome first =
        importAs(ALICE, MODEL, ImportRequest.DEFAULT, toy("run1.toy.json", "toy/letters", "0.75"));

    ImportOutcome second =
        importAs(ALICE, MODEL, ImportRequest.DEFAULT, toy("run1.toy.json", "toy/letters", "0.75"));

    assertThat(second.commitId()).isEqualTo(first.commitId());
    assertThat(second.preview().resultsPath()).isEqualTo(first.preview().resultsPath());
    assertThat(second.preview().diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("already on main; nothing was committed"));
  }

  @Test
  void aDifferentLogWithTheSameNameNeverReplacesTheFirstOnesFiles() {
    ImportOutcome first =
        importAs(ALICE, MODEL, ImportRequest.DEFAULT, toy("run1.toy.json", "toy/letters", "0.75"));

    ImportOutcome second =
        importAs(ALICE, MODEL, ImportRequest.DEFAULT, toy("run1.toy.json", "toy/letters", "0.5"));

    assertThat(second.preview().resultsPath()).isNotEqualTo(first.preview().resultsPath());
    String details = second.preview().results().get(0).entry().details().path();
    assertThat(details).matches("\\.eval_results/details/run1-[0-9a-f]{12}\\.toy\\.json");
    assertThat(mainFile(MODEL, ".eval_results/details/run1.toy.json")).contains("0.75");
    assertThat(mainFile(MODEL, details)).contains("0.5");
    assertThat(mainFile(MODEL, first.preview().resultsPath()))
        .isEqualTo(first.preview().resultsYaml());
  }

  @Test
  void aLogWithAnErrorCommitsNothing() {
    String before = storage.contents().require(MODEL, "main").commitId();
    LogSource broken =
        LogSource.of(
            "bad.toy.json",
            "{\"task\": \"toy/letters\", \"value\": \"N/A\"}".getBytes(StandardCharsets.UTF_8));

    assertRefused(
        () ->
            importAs(
                ALICE,
                MODEL,
                ImportRequest.DEFAULT,
                broken,
                toy("ok.toy.json", "toy/letters", "1")),
        HubException.Kind.INVALID);
    ImportOutcome outcome =
        imports.tryImport(
            ALICE, MODEL, List.of(broken), ImportRequest.DEFAULT, ImportProgress.NONE);

    assertThat(outcome.isImported()).isFalse();
    assertThat(outcome.preview().diagnostics().get(0).format())
        .isEqualTo("bad.toy.json:1:34: error: value must be a number (at /value)");
    assertThat(storage.contents().require(MODEL, "main").commitId()).isEqualTo(before);
  }

  @Test
  void aLogOfATaskNoBenchmarkMapsIsRefusedWithWhatItHolds() {
    ImportPreview preview =
        imports.preview(
            ALICE, MODEL, List.of(toy("x.toy.json", "toy/other", "1")), ImportRequest.DEFAULT);

    assertThat(preview.hasErrors()).isTrue();
    assertThat(preview.diagnostics().get(0).message())
        .contains("the logs hold: inspect-ai toy/other accuracy");
  }

  @Test
  void namingTheBenchmarkAndTaskImportsALogItsSourcesDoNotName() {
    ImportPreview preview =
        imports.preview(
            ALICE,
            MODEL,
            List.of(toy("x.toy.json", "toy/other", "0.5")),
            new ImportRequest("ACME/toy-bench", "letters", null, false, null));

    assertThat(preview.diagnostics()).isEmpty();
    assertThat(preview.results().get(0).entry().dataset().id()).isEqualTo("acme/toy-bench");
    assertThat(preview.results().get(0).entry().value()).isEqualTo(50.0);
  }

  @Test
  void aStrangerOpensAPullRequestButCannotCommitToMain() {
    String before = storage.contents().require(MODEL, "main").commitId();

    assertRefused(
        () -> importAs(BOB, MODEL, ImportRequest.DEFAULT, toy("r.toy.json", "toy/letters", "1")),
        HubException.Kind.FORBIDDEN);
    ImportOutcome outcome =
        importAs(
            BOB,
            MODEL,
            ImportRequest.DEFAULT.withCreatePr(true),
            toy("r.toy.json", "toy/letters", "1"));

    assertThat(outcome.pullRequest()).isEqualTo(1);
    assertThat(storage.contents().require(MODEL, "refs/pr/1").commitId())
        .isEqualTo(outcome.commitId());
    assertThat(storage.contents().require(MODEL, "main").commitId()).isEqualTo(before);
  }

  @Test
  void aReadTokenCannotImportNorOpenAPullRequest() {
    LogSource log = toy("r.toy.json", "toy/letters", "1");
    assertRefused(
        () -> importAs(ALICE_READ, MODEL, ImportRequest.DEFAULT, log), HubException.Kind.FORBIDDEN);
    assertRefused(
        () -> importAs(ALICE_READ, MODEL, ImportRequest.DEFAULT.withCreatePr(true), log),
        HubException.Kind.FORBIDDEN);
  }

  @Test
  void aPrivateModelIsNotFoundForAStranger() {
    LogSource log = toy("r.toy.json", "toy/letters", "1");
    assertRefused(
        () -> imports.preview(BOB, PRIVATE_MODEL, List.of(log), ImportRequest.DEFAULT),
        HubException.Kind.REPO_NOT_FOUND);
    assertRefused(
        () -> importAs(BOB, PRIVATE_MODEL, ImportRequest.DEFAULT.withCreatePr(true), log),
        HubException.Kind.REPO_NOT_FOUND);
  }

  @Test
  void aPerSampleFileOverTheHubsObjectLimitIsAnErrorNamingBothSizes() {
    tearDown();
    open(StorageOptions.DEFAULT.withLimits(1L << 30, 40), "small");

    ImportPreview preview =
        imports.preview(
            ALICE,
            MODEL,
            List.of(toy("big.toy.json", "toy/letters", "0.125")),
            ImportRequest.DEFAULT);

    assertThat(preview.diagnostics())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.format())
                    .isEqualTo(
                        "big.toy.json: error: this per-sample file is 62 bytes; this hub stores"
                            + " files of at most 40 bytes (its max-object-bytes setting), so it"
                            + " cannot be imported"));
  }

  @Test
  void noLogsIsInvalid() {
    assertThatThrownBy(() -> imports.preview(ALICE, MODEL, List.of(), ImportRequest.DEFAULT))
        .hasMessageContaining("no log was given");
  }
}
