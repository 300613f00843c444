package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.index.Index;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The visibility rules of {@link LeaderboardService} on a real storage and H2 index: a private
 * benchmark is not found but to its writers, private models are on no leaderboard, a private
 * model's results are not found but to its writers, and a result naming a private benchmark reads
 * as naming no benchmark.
 */
class LeaderboardServiceTest {

  private static final RepoId PUBLIC_BENCH = RepoId.parsePath("datasets/acme/bench").orElseThrow();
  private static final RepoId SECRET_BENCH =
      RepoId.parsePath("datasets/alice/secret").orElseThrow();
  private static final RepoId BOB_MODEL = RepoId.parsePath("bob/model").orElseThrow();
  private static final RepoId ALICE_PRIVATE = RepoId.parsePath("alice/hidden").orElseThrow();
  private static final Optional<Caller> ANONYMOUS = Optional.empty();
  private static final Optional<Caller> STRANGER = Optional.of(new Caller("carol", Role.WRITE));
  private static final Optional<Caller> ALICE_READ = Optional.of(new Caller("alice", Role.READ));
  private static final Optional<Caller> ALICE_WRITE = Optional.of(new Caller("alice", Role.WRITE));

  @TempDir Path dir;
  private Storage storage;
  private Index index;
  private LeaderboardService service;

  @BeforeEach
  void setUp() {
    storage = Storage.open(dir.resolve("data"), StorageOptions.DEFAULT);
    index = Index.open(Index.defaultUrl(dir.resolve("data")), storage, TrustedIssuers.none());
    storage.events().addListener(event -> index.ingestion().onEvent(event));
    storage.accounts().createUser("alice");
    storage.accounts().createUser("bob");
    storage.accounts().createUser("carol");
    storage.accounts().createOrg("acme", List.of("alice"));
    service = new EvalHub(storage, index).leaderboards();

    create(PUBLIC_BENCH, false);
    put(PUBLIC_BENCH, "eval.yaml", evalYaml("Bench", "t1", "t2"));
    create(SECRET_BENCH, true);
    put(SECRET_BENCH, "eval.yaml", evalYaml("Secret", "t1"));
    create(BOB_MODEL, false);
    put(
        BOB_MODEL,
        ".eval_results/r.yaml",
        result("acme/bench", "t1", 50) + result("alice/secret", "t1", 60));
    create(ALICE_PRIVATE, true);
    put(
        ALICE_PRIVATE,
        ".eval_results/r.yaml",
        result("acme/bench", "t1", 99) + result("alice/secret", "t1", 99));
  }

  @AfterEach
  void tearDown() {
    index.close();
    storage.close();
  }

  @Test
  void aPublicBenchmarkIsSeenByEveryoneWithoutPrivateModels() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER, ALICE_READ, ALICE_WRITE)) {
      Leaderboard board = service.leaderboard(PUBLIC_BENCH, Optional.empty(), false, caller);
      assertThat(board.task().taskId()).isEqualTo("t1");
      assertThat(board.entries()).extracting(e -> e.model().id()).containsExactly(BOB_MODEL);
      assertThat(service.leaderboards(PUBLIC_BENCH, false, caller))
          .extracting(b -> b.task().taskId())
          .containsExactly("t1", "t2");
    }
  }

  @Test
  void aPrivateBenchmarkIsNotFoundButToItsWriters() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER)) {
      assertThatThrownBy(() -> service.leaderboard(SECRET_BENCH, Optional.empty(), false, caller))
          .isInstanceOf(HubException.class)
          .hasMessage("repository datasets/alice/secret not found");
      assertThatThrownBy(() -> service.leaderboards(SECRET_BENCH, false, caller))
          .isInstanceOf(HubException.class)
          .hasMessage("repository datasets/alice/secret not found");
    }
    for (Optional<Caller> caller : List.of(ALICE_READ, ALICE_WRITE)) {
      assertThat(service.leaderboard(SECRET_BENCH, Optional.of("t1"), false, caller).entries())
          .as("private models stay off even for their owner")
          .extracting(e -> e.model().id())
          .containsExactly(BOB_MODEL);
    }
    assertThat(service.benchmarks())
        .extracting(BenchmarkInfo::dataset)
        .containsExactly(PUBLIC_BENCH);
  }

  @Test
  void discrepanciesOfAPrivateBenchmarkAreNotFoundButToItsWritersAndNeverNamePrivateModels() {
    // Both models disagree with themselves on t1 of both benchmarks: bob's is public.
    put(
        BOB_MODEL,
        ".eval_results/s.yaml",
        result("acme/bench", "t1", 10) + result("alice/secret", "t1", 10));
    put(
        ALICE_PRIVATE,
        ".eval_results/s.yaml",
        result("acme/bench", "t1", 10) + result("alice/secret", "t1", 10));
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER)) {
      assertThatThrownBy(() -> service.discrepancies(SECRET_BENCH, Optional.empty(), caller))
          .isInstanceOf(HubException.class)
          .hasMessage("repository datasets/alice/secret not found");
    }
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER, ALICE_READ, ALICE_WRITE)) {
      assertThat(service.discrepancies(PUBLIC_BENCH, Optional.of("t1"), caller))
          .extracting(d -> d.model())
          .containsExactly(BOB_MODEL);
    }
    assertThat(service.discrepancies(SECRET_BENCH, Optional.empty(), ALICE_READ))
        .extracting(d -> d.model())
        .containsExactly(BOB_MODEL);
    assertThatThrownBy(() -> service.discrepancies(PUBLIC_BENCH, Optional.of("t9"), ANONYMOUS))
        .isInstanceOf(HubException.class)
        .hasMessage("\"t9\" is not a task of the benchmark acme/bench");
  }

  @Test
  void unknownTasksAndUnregisteredDatasetsAreNotFound() {
    assertThatThrownBy(() -> service.leaderboard(PUBLIC_BENCH, Optional.of("t9"), false, ANONYMOUS))
        .isInstanceOf(HubException.class)
        .hasMessage("\"t9\" is not a task of the benchmark acme/bench");
    RepoId plain = RepoId.parsePath("datasets/bob/plain").orElseThrow();
    create(plain, false);
    assertThatThrownBy(() -> service.leaderboard(plain, Optional.empty(), false, ANONYMOUS))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("is not a registered benchmark");
    assertThatThrownBy(
            () ->
                service.leaderboard(
                    RepoId.parsePath("datasets/bob/none").orElseThrow(),
                    Optional.empty(),
                    false,
                    ANONYMOUS))
        .isInstanceOf(HubException.class)
        .hasMessage("repository datasets/bob/none not found");
  }

  @Test
  void aPrivateModelsResultsAreNotFoundButToItsWriters() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER)) {
      assertThatThrownBy(() -> service.evalResults(ALICE_PRIVATE, caller))
          .isInstanceOf(HubException.class)
          .hasMessage("repository alice/hidden not found");
    }
    assertThat(service.evalResults(ALICE_PRIVATE, ALICE_READ)).hasSize(2);
    assertThat(service.recentResults(10)).extracting(r -> r.model()).containsOnly(BOB_MODEL);
  }

  @Test
  void aPrivateModelsSpreadIsNotFoundButToItsWriters() {
    put(
        ALICE_PRIVATE,
        ".eval_results/more.yaml",
        result("acme/bench", "t1", 98)
            .replace("value:", "methodology:\n    num_fewshot: 5\n  value:"));
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER)) {
      assertThatThrownBy(
              () -> service.spreads(ALICE_PRIVATE, Optional.empty(), Optional.empty(), caller))
          .isInstanceOf(HubException.class)
          .hasMessage("repository alice/hidden not found");
    }
    assertThat(service.spreads(ALICE_PRIVATE, Optional.empty(), Optional.empty(), ALICE_READ))
        .singleElement()
        .satisfies(s -> assertThat(s.measurements()).extracting(m -> m.value()).hasSize(2));
  }

  @Test
  void aSpreadOfAResultNamingAPrivateBenchmarkIsTheSameForEveryone() {
    for (Optional<Caller> caller : List.of(ANONYMOUS, STRANGER, ALICE_READ)) {
      assertThat(service.spreads(BOB_MODEL, Optional.of(SECRET_BENCH), Optional.of("t1"), caller))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.datasetId()).isEqualTo("alice/secret");
                assertThat(s.measurements()).extracting(m -> m.value()).containsExactly(60.0);
              });
    }
    assertThatThrownBy(
            () -> service.spreads(BOB_MODEL, Optional.empty(), Optional.of("t1"), ANONYMOUS))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("task_id needs its dataset");
  }

  @Test
  void aResultNamingAPrivateBenchmarkReadsAsNamingNoBenchmark() {
    for (Optional<Caller> caller :
        List.of(ANONYMOUS, STRANGER, Optional.of(new Caller("bob", Role.WRITE)))) {
      assertThat(seen(service.evalResults(BOB_MODEL, caller)))
          .containsExactly(
              "[leaderboard:acme/bench/t1] ",
              "[] dataset \"alice/secret\" is not a registered benchmark");
    }
    assertThat(seen(service.evalResults(BOB_MODEL, ALICE_READ)))
        .containsExactly("[leaderboard:acme/bench/t1] ", "[leaderboard:alice/secret/t1] ");
  }

  private static List<String> seen(List<EvalResult> results) {
    return results.stream()
        .map(r -> (EvalResult.Valid) r)
        .map(
            r ->
                r.badges().stream().map(LeaderboardServiceTest::badge).toList()
                    + " "
                    + r.notOnLeaderboard().orElse(""))
        .toList();
  }

  private static String badge(Badge badge) {
    return badge.kind().id() + ":" + badge.label();
  }

  private void create(RepoId id, boolean isPrivate) {
    storage.createRepository(id, isPrivate);
  }

  private void put(RepoId id, String path, String content) {
    TestStorage.commitFile(storage, id, path, content, "change", id.namespace());
  }

  private static String result(String dataset, String task, double value) {
    return "- dataset:\n    id: "
        + dataset
        + "\n    task_id: "
        + task
        + "\n  value: "
        + value
        + "\n";
  }

  private static String evalYaml(String name, String... tasks) {
    StringBuilder yaml =
        new StringBuilder(
            "name: "
                + name
                + "\ndescription: test benchmark\n"
                + "evaluation_framework: lm-evaluation-harness\ntasks:\n");
    for (String task : tasks) {
      yaml.append("  - id: ").append(task).append('\n');
    }
    return yaml.toString();
  }
}
