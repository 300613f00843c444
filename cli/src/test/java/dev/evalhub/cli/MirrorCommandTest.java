package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.server.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evalhub mirror add|list|refresh|remove} on a data folder, against a real source hub. */
class MirrorCommandTest {

  @TempDir Path temp;
  private TestHub source;
  private Path data;

  @BeforeEach
  void start() {
    source =
        new TestHub(temp.resolve("a"))
            .user("alice")
            .repo("datasets/alice/bench", false)
            .repo("alice/gpt", false)
            .commit(
                "datasets/alice/bench",
                "eval.yaml",
                "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
                    + "tasks:\n  - id: t1\n",
                "benchmark",
                "alice")
            .commit("alice/gpt", ".eval_results/t1.yaml", result("40"), "t1", "alice");
    data = temp.resolve("b");
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private static String result(String value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  @Test
  void addListRefreshAndRemoveAMirror() {
    CommandRun added =
        CommandRun.onData(
            data,
            "mirror",
            "add",
            source.baseUrl(),
            "--benchmark",
            "alice/bench",
            "--model",
            "alice/gpt",
            "--interval",
            "30m");

    assertThat(added.exitCode()).as(added.err()).isZero();
    String id = added.out().lines().findFirst().orElseThrow().replace("added mirror ", "");
    assertThat(added.out())
        .contains(id + "  " + source.baseUrl() + "  git  every 30m", "  alice/gpt  ");
    assertThat(CommandRun.onData(data, "mirror", "list").out())
        .startsWith(id + "  " + source.baseUrl())
        .contains("  datasets/alice/bench  ")
        .doesNotContain("problem");

    source.commit("alice/gpt", ".eval_results/t1.yaml", result("45"), "rescored", "alice");
    CommandRun refreshed = CommandRun.onData(data, "mirror", "refresh", id);
    assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();

    source.close();
    source = null;
    CommandRun down = CommandRun.onData(data, "mirror", "refresh");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.out()).contains("alice/gpt", "problem: cannot fetch");
    assertThat(down.err()).isEqualTo("evalhub: 1 mirror(s) with problems: see above\n");

    CommandRun removed = CommandRun.onData(data, "mirror", "remove", id);
    assertThat(removed.out()).startsWith("removed mirror " + id + " of ");
    assertThat(CommandRun.onData(data, "mirror", "list").out()).isEqualTo("no mirrors\n");
    assertThat(CommandRun.onData(data, "mirror", "refresh", id).err())
        .isEqualTo("evalhub: no mirror with the id " + id + "\n");
  }

  @Test
  void badInputIsRefusedAndAddsNothing() {
    CommandRun kind =
        CommandRun.onData(
            data, "mirror", "add", source.baseUrl(), "--model", "alice/gpt", "--kind", "svn");
    CommandRun url =
        CommandRun.onData(data, "mirror", "add", "file:///etc", "--model", "alice/gpt");
    CommandRun none = CommandRun.onData(data, "mirror", "add", source.baseUrl());
    CommandRun interval =
        CommandRun.onData(
            data, "mirror", "add", source.baseUrl(), "--model", "alice/gpt", "--interval", "5s");

    assertThat(kind.err()).isEqualTo("evalhub: --kind must be git or api, got \"svn\"\n");
    assertThat(url.err())
        .isEqualTo("evalhub: a mirror's source must be an http or https URL, not file:///etc\n");
    assertThat(none.err())
        .isEqualTo("evalhub: a mirror needs at least one --benchmark or --model\n");
    assertThat(interval.err()).isEqualTo("evalhub: the interval must be at least 60 seconds\n");
    assertThat(CommandRun.onData(data, "mirror", "list").out()).isEqualTo("no mirrors\n");
  }

  @Test
  void helpDescribesTheCommands() {
    assertThat(CommandRun.of("mirror", "--help").out())
        .contains("Keep read-only copies", "add", "list", "refresh", "remove");
    assertThat(CommandRun.of("mirror", "add", "--help").out())
        .contains("--benchmark=NS/NAME", "--model=NS/NAME", "--kind=git|api", "--interval");
  }
}
