package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import dev.evalhub.testing.TestRepository;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hub whose repositories hold what push validation refuses (a gitlink named {@code
 * .eval_results/x.yaml} in a private repository, a missing blob in a public one), arrived while the
 * server was down: it starts, serves and indexes every other push; {@code /health} says degraded
 * and names a failure only to a caller who may read its repository; {@code doctor} lists both;
 * {@code reindex} completes; the next good commit clears one.
 */
@Tag("hostile")
class BrokenRepositoryIT {

  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n";

  @TempDir Path temp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void brokenRefsAreRecordedAndReportedWhileTheRestOfTheHubGoesOn(String kind) throws Exception {
    Path data = temp.resolve("data");
    String db = TestDatabases.forKind(kind);
    String alice;
    String bob;
    try (TestStorage hub =
        TestStorage.open(data)
            .users("alice", "bob")
            .repo("alice/gpt")
            .repo("alice/secret", true)
            .repo("bob/llm")
            .repo("datasets/alice/bench")) {
      alice = hub.token("alice", Role.READ);
      bob = hub.token("bob", Role.READ);
      commit(hub.storage(), "datasets/alice/bench", "eval.yaml", EVAL_YAML);
      hub.plant(
          RepoId.parsePath("alice/secret").orElseThrow(),
          RefNames.MAIN,
          "mallory",
          commit -> commit.gitlink(".eval_results/x.yaml", TestRepository.NOWHERE));
      hub.plant(
          RepoId.parsePath("alice/gpt").orElseThrow(),
          RefNames.MAIN,
          "mallory",
          commit ->
              commit.entry(".eval_results/y.yaml", FileMode.REGULAR_FILE, TestRepository.NOWHERE));
    }

    try (TestHub hub = new TestHub(ServerConfig.forTest(data).withDatabase(db))) {
      commit(hub.server().hub().storage(), "bob/llm", ".eval_results/r.yaml", result(0.7));

      JsonNode anonymous = health(hub, null);
      JsonNode asBob = health(hub, bob);
      JsonNode asAlice = health(hub, alice);

      assertThat(leaderboard(hub.server()).entries())
          .extracting(e -> e.model().id().fullName())
          .containsExactly("bob/llm");
      assertThat(anonymous.get("failureCount").asInt()).isEqualTo(1);
      assertThat(anonymous.get("failures"))
          .extracting(f -> f.get("repo").asText())
          .containsExactly("alice/gpt");
      assertThat(asBob).isEqualTo(anonymous);
      assertThat(asBob.toString()).doesNotContain("secret");
      assertThat(asAlice.get("failureCount").asInt()).isEqualTo(2);
      assertThat(asAlice.get("failures"))
          .extracting(
              f ->
                  f.get("repo").asText()
                      + " "
                      + f.get("ref").asText()
                      + ": "
                      + f.get("error").asText())
          .containsExactly(
              "alice/gpt refs/heads/main: Missing unknown 1111111111111111111111111111111111111111",
              "alice/secret refs/heads/main: .eval_results/x.yaml: must be a regular file, not a gitlink (submodule)");
      assertThat(asAlice.at("/failures/0/since").asText()).endsWith("Z");
      assertThat(asAlice.at("/failures/0/commit").asText()).hasSize(40);
    }

    CommandRun doctor = CommandRun.of(args("doctor", data, db));
    CommandRun reindex = CommandRun.of(args("reindex", data, db));
    CommandRun doctorAfterReindex = CommandRun.of(args("doctor", data, db));

    assertThat(doctor.exitCode()).as(doctor.err()).isEqualTo(1);
    assertThat(doctor.out())
        .contains(
            "index failure: alice/gpt refs/heads/main at ",
            "index failure: alice/secret refs/heads/main at ",
            "must be a regular file, not a gitlink (submodule)",
            "2 problem(s) found");
    assertThat(reindex.exitCode()).as(reindex.err()).isZero();
    assertThat(reindex.out()).contains("reindexed 4 repositories: 1 benchmarks, 1 results");
    assertThat(doctorAfterReindex.out()).isEqualTo(doctor.out());

    try (TestHub hub = new TestHub(ServerConfig.forTest(data).withDatabase(db))) {
      TestStorage.commitFile(
          hub.server().hub().storage(),
          RepoId.parsePath("alice/gpt").orElseThrow(),
          ".eval_results/y.yaml",
          result(0.6),
          "repair",
          "alice");

      // The private repository's failure remains, and shows to its owner only.
      JsonNode anonymous = health(hub, null);
      assertThat(anonymous.get("status").asText()).isEqualTo("ok");
      assertThat(anonymous.has("failureCount")).isFalse();
      assertThat(anonymous.has("failures")).isFalse();
      assertThat(health(hub, alice).get("failures"))
          .extracting(f -> f.get("repo").asText())
          .containsExactly("alice/secret");
      assertThat(leaderboard(hub.server()).entries())
          .extracting(e -> e.model().id().fullName())
          .containsExactly("bob/llm", "alice/gpt");
    }
  }

  private static String[] args(String command, Path data, String db) {
    return db.isEmpty()
        ? new String[] {command, "--data", data.toString()}
        : new String[] {command, "--data", data.toString(), "--db", db};
  }

  private static String result(double value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  private static void commit(Storage storage, String repo, String path, String content) {
    RepoId id = RepoId.parsePath(repo).orElseThrow();
    assertThat(
            TestStorage.commitFile(storage, id, path, content, "add " + path, id.namespace())
                .isCommitted())
        .isTrue();
  }

  private static JsonNode health(TestHub hub, String token) {
    HubApi.Response response = hub.api().get("/health", token);
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  /** The leaderboard of alice/bench's first task, with every model. */
  private static dev.evalhub.domain.leaderboard.Leaderboard leaderboard(HubServer hub) {
    dev.evalhub.domain.leaderboard.BenchmarkInfo bench =
        hub.hub()
            .index()
            .benchmark(dev.evalhub.domain.RepoId.parsePath("datasets/alice/bench").orElseThrow())
            .orElseThrow();
    return hub.hub().index().leaderboard(bench.ref(bench.task(Optional.empty())), false);
  }
}
