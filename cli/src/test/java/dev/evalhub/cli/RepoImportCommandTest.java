package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.GitCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repo create --empty} and {@code repo import}: a repository brought in with its whole
 * history.
 */
class RepoImportCommandTest {

  private static final String RESULT =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: %s\n";
  private static final RepoId IMPORTED = RepoId.parsePath("alice/imported").orElseThrow();

  @TempDir Path temp;
  private Path data;

  @BeforeEach
  void hub() {
    data = temp.resolve("data");
    run("user", "create", "alice");
  }

  @Test
  void emptyRepositoryHasNoCommitAndIsAnnouncedByAnEvent() throws Exception {
    CommandRun run = run("repo", "create", "alice/empty", "--empty", "--private");

    assertThat(run.out()).isEqualTo("created empty private model alice/empty\n");
    try (Storage storage = storage();
        Repository repository =
            storage.repositories().open(RepoId.parsePath("alice/empty").orElseThrow())) {
      assertThat(repository.exactRef(RefNames.MAIN)).isNull();
      assertThat(storage.events().readAfter(0))
          .last()
          .extracting(RefEvent::ref, RefEvent::oldId, RefEvent::newId)
          .containsExactly(new RefName(RefNames.MAIN), CommitId.ZERO, CommitId.ZERO);
    }
  }

  @Test
  void importBringsTheWholeHistoryOfTheDefaultBranchAsMainWithAnEvent() throws Exception {
    Path source = sourceWithHistory("master", "20.9", "21.4", "22.0");
    String head = git(source, "rev-parse", "HEAD").strip();

    CommandRun run = run("repo", "import", source.toString(), "alice/imported");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo("imported model alice/imported: 3 commits of master as main at " + head + "\n");
    try (Storage storage = storage()) {
      assertThat(
              storage
                  .contents()
                  .file(IMPORTED, head, ".eval_results/hle.yaml")
                  .orElseThrow()
                  .content())
          .asString(StandardCharsets.UTF_8)
          .contains("value: 22.0");
      assertThat(storage.events().readAfter(0))
          .last()
          .extracting(RefEvent::repo, RefEvent::ref, RefEvent::oldId, RefEvent::newId)
          .containsExactly(
              IMPORTED, new RefName(RefNames.MAIN), CommitId.ZERO, CommitId.parse(head));
      assertThat(storage.resultHistory().of(IMPORTED, java.util.Optional.empty()).get(0).steps())
          .hasSize(3);
    }
  }

  @Test
  void importOfADatasetFromAFileUrlIsPrivateWhenAsked() throws Exception {
    Path source = sourceWithHistory("main", "1.0");

    CommandRun run =
        run(
            "repo",
            "import",
            source.toUri().toString(),
            "alice/bench",
            "--type",
            "dataset",
            "--private");

    assertThat(run.out())
        .startsWith("imported private dataset datasets/alice/bench: 1 commits of main as main");
  }

  @Test
  void importFromAnotherHubOverHttpBringsItsMainWithTheirHistory() throws Exception {
    Path other = temp.resolve("other");
    String head;
    try (TestHub hub = new TestHub(other).user("carol").repo("carol/model", false)) {
      RepoId carol = RepoId.parsePath("carol/model").orElseThrow();
      head =
          TestStorage.commitFile(
                  hub.server().hub().storage(),
                  carol,
                  ".eval_results/hle.yaml",
                  RESULT.formatted("30.0"),
                  "Add HLE",
                  "carol")
              .commitId()
              .orElseThrow();

      CommandRun run = run("repo", "import", hub.gitUrl("carol/model", null), "alice/imported");

      assertThat(run.err()).isEmpty();
      assertThat(run.out())
          .isEqualTo("imported model alice/imported: 2 commits of main as main at " + head + "\n");
    }
  }

  @Test
  void importWhoseTipHasAnInvalidFileCreatesNothing() throws Exception {
    Path source = sourceWithHistory("main", "20.9", "\"21.4\"");

    CommandRun run = run("repo", "import", source.toString(), "alice/imported");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(".eval_results/hle.yaml:4:10: value must be a number");
    assertNothingCreated();
  }

  @Test
  void importOfASubmoduleAtAReadPathCreatesNothing() throws Exception {
    Path source = sourceWithHistory("main", "20.9");
    git(
        source,
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1111111111111111111111111111111111111111,.eval_results/x.yaml");
    git(source, "commit", "-q", "-m", "submodule");

    CommandRun run = run("repo", "import", source.toString(), "alice/imported");

    assertThat(run.err())
        .contains(".eval_results/x.yaml: must be a regular file (found a submodule link");
    assertNothingCreated();
  }

  @Test
  void importLargerThanTheHubsQuotaCreatesNothing() throws Exception {
    Files.writeString(data.resolve("evalhub.properties"), "max-repo-bytes=1000\n");

    CommandRun run =
        run(
            "repo",
            "import",
            sourceWithHistory("main", "1.0", "2.0", "3.0").toString(),
            "alice/imported");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("over its limit of 1000 bytes (max-repo-bytes)");
    assertNothingCreated();
  }

  @Test
  void importIntoAnExistingRepositoryIsRefused() throws Exception {
    run("repo", "create", "alice/imported");

    CommandRun run =
        run("repo", "import", sourceWithHistory("main", "1.0").toString(), "alice/imported");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("evalhub: repository alice/imported already exists\n");
  }

  @Test
  void importFromAMissingSourceOrAnEmptyOneCreatesNothing() throws Exception {
    Path empty = temp.resolve("empty");
    Files.createDirectories(empty);
    git(empty, "init", "-q");

    CommandRun missing =
        run("repo", "import", temp.resolve("nowhere").toString(), "alice/imported");
    CommandRun none = run("repo", "import", empty.toString(), "alice/imported");

    assertThat(missing.err()).startsWith("evalhub: no git repository at ");
    assertThat(none.err()).contains("has no branches");
    assertNothingCreated();
  }

  @Test
  void importHelpSaysWhatIsImported() {
    CommandRun run = CommandRun.of("repo", "import", "--help");

    assertThat(run.out())
        .contains("becomes main")
        .contains("other branches and tags are not imported");
  }

  private void assertNothingCreated() throws IOException {
    try (Storage storage = storage()) {
      assertThat(storage.repositories().find(IMPORTED)).isEmpty();
      assertThat(storage.events().readAfter(0)).noneMatch(e -> e.repo().equals(IMPORTED));
    }
    Path staging = data.resolve("repos/.staging");
    if (Files.exists(staging)) {
      try (Stream<Path> left = Files.list(staging)) {
        assertThat(left).isEmpty();
      }
    }
  }

  private Storage storage() {
    return Storage.open(data, StorageOptions.DEFAULT);
  }

  private CommandRun run(String... args) {
    return CommandRun.onData(data, args);
  }

  /**
   * A git repository on {@code branch} with one commit per value of {@code .eval_results/hle.yaml}.
   */
  private Path sourceWithHistory(String branch, String... values) throws Exception {
    Path source = temp.resolve("source-" + System.nanoTime());
    Files.createDirectories(source.resolve(".eval_results"));
    git(source, "init", "-q", "-b", branch);
    for (String value : values) {
      Files.writeString(source.resolve(".eval_results/hle.yaml"), RESULT.formatted(value));
      git(source, "add", ".");
      git(source, "commit", "-q", "-m", "HLE " + value);
    }
    return source;
  }

  /** Runs git as the author "Source"; fails the test unless it exits with 0 within 60 s. */
  private String git(Path dir, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of("-c", "user.name=Source", "-c", "user.email=source@example.invalid"));
    command.addAll(List.of(args));
    return new GitCli(temp.resolve("home"))
        .withTimeout(Duration.ofSeconds(60))
        .ok(dir, command.toArray(String[]::new));
  }
}
