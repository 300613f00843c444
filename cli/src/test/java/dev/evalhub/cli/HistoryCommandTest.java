package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.storage.testing.TestStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HistoryCommandTest {

  private static final String RESULT =
      "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: %s\n";

  @TempDir Path data;

  private String history(String... args) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = EvalhubCommand.commandLine();
    commandLine.setOut(new PrintWriter(out));
    String[] all = new String[args.length + 3];
    all[0] = "history";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data";
    all[args.length + 2] = data.toString();
    assertThat(commandLine.execute(all)).isZero();
    return out.toString();
  }

  private void commit(Storage storage, RepoId repo, String value, String actor) {
    TestStorage.commitFile(
        storage, repo, ".eval_results/hle.yaml", RESULT.formatted(value), "Set HLE", actor);
  }

  @Test
  void historyPrintsEachChangeOfAResultWithItsAccountAndValues() {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.accounts().createUser("alice");
      RepoId repo = RepoId.parsePath("alice/gpt").orElseThrow();
      storage.createRepository(repo, true);
      commit(storage, repo, "20.9", "alice");
      commit(storage, repo, "21.4", "evalhub");
    }

    String printed = history("alice/gpt", "--task", "hle");

    assertThat(printed.lines().map(line -> line.replaceAll("\\d{4}-\\S+Z", "TIME")).toList())
        .containsExactly(
            ".eval_results/hle.yaml  cais/hle  hle",
            "  TIME  alice  added 20.9 on main",
            "  TIME  evalhub  changed 20.9 -> 21.4 on main");
  }

  @Test
  void historyOfAnotherTaskSaysThereIsNone() {
    try (Storage storage = Storage.open(data, StorageOptions.DEFAULT)) {
      storage.accounts().createUser("alice");
      storage.createRepository(RepoId.parsePath("alice/gpt").orElseThrow(), false);
    }

    assertThat(history("alice/gpt", "--task", "mmlu"))
        .isEqualTo("no results for task mmlu in alice/gpt\n");
  }
}
