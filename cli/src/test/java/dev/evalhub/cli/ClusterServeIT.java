package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.HubOptions;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged {@code evalhub serve} processes on one data folder and one PostgreSQL schema: the
 * first leads ingestion, a commit taken by the follower is on both instances' leaderboards when it
 * answers (the follower's is read right away; the leader's cache is dropped by the notification),
 * and when the leader is killed ({@code kill -9}) the follower leads within 5 s and keeps taking
 * commits. Skipped without {@code EVALHUB_TEST_POSTGRES_URL}.
 */
class ClusterServeIT {

  private static final String LEADS = "this instance leads ingestion now";
  private static final RepoId BENCH = RepoId.parsePath("datasets/acme/bench").orElseThrow();
  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();
  private static final String BOARD = "/api/datasets/acme/bench/leaderboard?task_id=t1";

  @TempDir Path temp;

  @Test
  void twoInstancesShareOneHubAndTheFollowerTakesOverWhenTheLeaderIsKilled() throws Exception {
    String url = TestDatabases.freshPostgresSchema();
    Path data = temp.resolve("data");
    String token;
    try (EvalHub admin = EvalHub.openAdministration(HubOptions.of(data).withDatabase(url))) {
      admin.accounts().createUserAsAdministrator("alice");
      admin.accounts().createOrgAsAdministrator("acme", List.of("alice"));
      token = admin.accounts().createTokenAsAdministrator("alice", Role.WRITE, "it").secret();
      admin.storage().createRepository(BENCH, false);
      TestStorage.commitFile(
          admin.storage(),
          BENCH,
          "eval.yaml",
          "name: Bench\ndescription: b\nevaluation_framework: lm-evaluation-harness\n"
              + "tasks:\n  - id: t1\n",
          "bench",
          "alice");
      admin.storage().createRepository(MODEL, false);
    }
    assertThat(Files.exists(data.resolve("events.log"))).as("the CLI used the table").isFalse();
    try (ServeProcess first = ServeProcess.start(data, List.of(), List.of("--db", url));
        ServeProcess second = ServeProcess.start(data, List.of(), List.of("--db", url))) {
      HubApi a = new HubApi(first.baseUrl());
      HubApi b = new HubApi(second.baseUrl());
      ServeProcess leader =
          first.lines().stream().anyMatch(l -> l.contains(LEADS)) ? first : second;
      ServeProcess follower = leader == first ? second : first;
      HubApi onLeader = leader == first ? a : b;
      HubApi onFollower = leader == first ? b : a;
      assertThat(follower.output()).doesNotContain(LEADS);
      assertThat(rows(onLeader)).isZero(); // cached on both now
      assertThat(rows(onFollower)).isZero();

      assertThat(commit(onFollower, token, 1).status()).isEqualTo(200);
      assertThat(rows(onFollower)).as("visible on the follower when it answered").isEqualTo(1);
      assertThat(eventuallyRows(onLeader, 1)).as("the leader's cache follows").isTrue();

      long killed = System.nanoTime();
      leader.close(); // SIGKILL: PostgreSQL drops its session and its lock
      follower.awaitLine(LEADS);
      long tookMillis = (System.nanoTime() - killed) / 1_000_000;
      System.out.println("the follower led " + tookMillis + " ms after the leader was killed");
      assertThat(tookMillis).isLessThan(5_000);

      assertThat(commit(onFollower, token, 2).status()).isEqualTo(200);
      assertThat(rows(onFollower)).isEqualTo(1); // one model, its newest value
      assertThat(onFollower.get(BOARD, null).json().toString()).contains("72");
    }
  }

  private static HubApi.Response commit(HubApi hub, String token, int n) {
    String body =
        "{\"key\":\"header\",\"value\":{\"summary\":\"Result "
            + n
            + "\"}}\n"
            + "{\"key\":\"file\",\"value\":{\"content\":\""
            + Base64.getEncoder()
                .encodeToString(
                    ("- dataset:\n    id: acme/bench\n    task_id: t1\n  value: " + (70 + n) + "\n")
                        .getBytes(StandardCharsets.UTF_8))
            + "\",\"path\":\".eval_results/r.yaml\",\"encoding\":\"base64\"}}";
    return hub.post("/api/models/alice/gpt/commit/main", token, "application/x-ndjson", body);
  }

  private static int rows(HubApi hub) {
    HubApi.Response response = hub.get(BOARD, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    var json = response.json();
    return json.isArray() ? json.size() : json.path("entries").size();
  }

  private static boolean eventuallyRows(HubApi hub, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (rows(hub) == expected) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
