package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.GitCli;
import dev.evalhub.testing.IndexTables;
import dev.evalhub.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances, one hub, under load while one dies: three packaged {@code evalhub serve}
 * processes share one data folder and one PostgreSQL index, Debian's nginx balances them with the
 * configuration of docs/DEPLOYMENT.md, and clients push with git, commit through the Hugging Face
 * API, open and merge pull requests and read a leaderboard through nginx for {@link #LOAD} while
 * the leader is killed with SIGKILL. Then: every acknowledged write is there, {@code git fsck
 * --strict} is clean, the index equals a reindex, leadership moved to a survivor within {@link
 * #FAILOVER}, clients saw only retryable errors, and the killed instance, restarted, follows.
 */
@Tag("hostile")
class MultiInstanceIT {

  static final Duration LOAD = Duration.ofSeconds(18);
  static final Duration KILL_AFTER = Duration.ofSeconds(7);
  static final Duration FAILOVER = Duration.ofSeconds(5);
  private static final int INSTANCES = 3;

  @TempDir Path temp;
  private ServeCluster instances;
  private NginxProcess nginx;
  private ExecutorService pool;

  @AfterEach
  void stop() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
    if (nginx != null) {
      nginx.close();
    }
    if (instances != null) {
      instances.close();
    }
  }

  @Test
  void killingTheLeaderUnderLoadLosesNoAcknowledgedWriteAndASurvivorLeads() throws Exception {
    long begin = System.nanoTime();
    NginxProcess.assumeInstalled();
    String database = TestDatabases.freshPostgresSchema();
    Path data = temp.resolve("data");
    String[] tokens = seed(data);
    instances = ServeCluster.start(data, database, INSTANCES);
    nginx =
        NginxProcess.start(
            Files.createDirectories(temp.resolve("nginx")),
            ServeCluster.freePort(),
            instances.ports());
    Leadership.Leaders before =
        instances.awaitLeaders(leaders -> leaders.indexes().size() == 1, Duration.ofSeconds(10));
    long started = System.nanoTime();

    ClusterWorkload clients =
        new ClusterWorkload(nginx.baseUrl(), tokens[0], tokens[1], temp.resolve("clients"));
    pool = ClusterWorkload.pool();
    List<Future<?>> running = clients.start(pool, System.nanoTime() + LOAD.toNanos());
    Thread.sleep(KILL_AFTER.toMillis());
    int victim = before.indexes().isEmpty() ? 0 : before.indexes().first();
    instances.kill(victim);
    long killed = System.nanoTime();
    Leadership.Leaders after =
        instances.awaitLeaders(leaders -> !leaders.indexes().isEmpty(), Duration.ofSeconds(10));
    long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    for (Future<?> client : running) {
      client.get(LOAD.toSeconds() + 120, TimeUnit.SECONDS);
    }
    long loaded = System.nanoTime();
    ClientOutcomes outcomes = clients.outcomes();

    instances.restart(victim);
    List<Leadership.Leaders> rejoined = samples(Duration.ofSeconds(2));
    List<String> incremental = settledDump(database);
    Map<Integer, String> boards =
        instances.getFromEach(
            "/api/datasets/" + ClusterWorkload.BENCHMARK + "/leaderboard?task_id=t1");
    List<String> lost = lostWrites(data, outcomes, nginx.baseUrl(), tokens[0]);
    Map<Integer, String> limbo = new TreeMap<>();
    for (int number : outcomes.landedUnacknowledged()) {
      limbo.put(number, clients.pullRequestStatus(number));
    }
    Map<Path, String> fsck = fsck(data);
    long checked = System.nanoTime();
    instances.stop();
    CommandRun reindex = CommandRun.onData(data, "reindex", "--db", database);
    List<String> rebuilt = dump(database);

    report(before, after, victim, failoverMillis, outcomes, rejoined, lost);
    System.out.println(
        "  phases (s): started "
            + seconds(started - begin)
            + ", load "
            + seconds(loaded - started)
            + ", restart and checks "
            + seconds(checked - loaded)
            + ", reindex "
            + seconds(System.nanoTime() - checked));
    // Not asserted: the leader completes a merge interrupted between its two steps once it is a
    // minute old, so until then the pull request reads open though main holds its merge.
    System.out.println(
        "  pull requests merged by an attempt whose answer was lost, and their status now: "
            + limbo);
    instances
        .lines()
        .forEach(
            (name, lines) ->
                lines.stream()
                    .filter(line -> line.toLowerCase(Locale.ROOT).matches(".*(lead|follow).*"))
                    .limit(6)
                    .forEach(line -> System.out.println("  " + name + " said: " + line)));
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(before.indexes())
        .as("exactly one instance leads before the kill (by %s)", before.source())
        .hasSize(1);
    soft.assertThat(after.indexes())
        .as("a survivor reports leading within %s of the kill (by %s)", FAILOVER, after.source())
        .hasSize(1);
    soft.assertThat(failoverMillis)
        .as("failover time (ms)")
        .isLessThanOrEqualTo(FAILOVER.toMillis());
    soft.assertThat(outcomes.unexpectedKinds())
        .as(
            "answers that are neither a success nor retryable; first details:\n%s",
            String.join("\n", outcomes.unexpected()))
        .isEmpty();
    soft.assertThat(outcomes.acks()).as("acknowledged writes").isNotEmpty();
    soft.assertThat(outcomes.merges()).as("merged pull requests").isNotEmpty();
    soft.assertThat(lost).as("acknowledged writes lost").isEmpty();
    soft.assertThat(fsck).as("git fsck --strict failures").isEmpty();
    soft.assertThat(boards.values().stream().distinct().toList())
        .as("the leaderboard as each instance answers it, once the index settled: %s", boards)
        .hasSize(1);
    soft.assertThat(rejoined.stream().map(Leadership.Leaders::indexes).distinct().toList())
        .as(
            "the leaders, sampled for 2 s after the killed instance %d restarted: the survivor that"
                + " took over, alone (the restarted one follows)",
            victim)
        .containsExactly(after.indexes());
    soft.assertThat(reindex.exitCode()).as("evalhub reindex: " + reindex.err()).isZero();
    soft.assertThat(rebuilt)
        .as("the index after the run equals a reindex")
        .containsExactlyElementsOf(incremental);
    soft.assertAll();
  }

  /**
   * The hub's accounts, the benchmark and the three model repositories; returns alice's and bob's
   * tokens.
   */
  private static String[] seed(Path data) {
    try (TestStorage hub =
        TestStorage.open(data)
            .users("alice", "bob")
            .repo("datasets/" + ClusterWorkload.BENCHMARK)
            .repo(ClusterWorkload.PUSHED)
            .repo(ClusterWorkload.COMMITTED)
            .repo(ClusterWorkload.PROPOSED)) {
      assertThat(
              TestStorage.commitFile(
                      hub.storage(),
                      RepoId.parsePath("datasets/" + ClusterWorkload.BENCHMARK).orElseThrow(),
                      "eval.yaml",
                      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
                          + "tasks:\n  - id: t1\n",
                      "benchmark",
                      "alice")
                  .isCommitted())
          .isTrue();
      return new String[] {hub.token("alice", Role.WRITE), hub.token("bob", Role.WRITE)};
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private List<Leadership.Leaders> samples(Duration during) throws InterruptedException {
    List<Leadership.Leaders> samples = new ArrayList<>();
    long deadline = System.nanoTime() + during.toNanos();
    while (System.nanoTime() < deadline) {
      samples.add(instances.leaders());
      Thread.sleep(250);
    }
    return samples;
  }

  /** The index once it stopped changing (two equal dumps a second apart, within 20 s). */
  private static List<String> settledDump(String database) throws InterruptedException {
    List<String> previous = dump(database);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(1000);
      List<String> now = dump(database);
      if (now.equals(previous)) {
        return now;
      }
      previous = now;
    }
    return previous;
  }

  private static List<String> dump(String database) {
    return IndexTables.at(database).without("verification_keys").dump();
  }

  /**
   * The acknowledged writes that are not there: a commit not on its ref (nor an ancestor of its
   * tip), a merged pull request whose merge commit is not on main or that is not merged.
   */
  private List<String> lostWrites(
      Path data, ClientOutcomes outcomes, String baseUrl, String token) {
    GitCli git = new GitCli(temp.resolve("check-home"));
    List<String> lost = new ArrayList<>();
    for (ClientOutcomes.Ack ack : outcomes.acks()) {
      Path repo = data.resolve("repos").resolve(ack.repo());
      if (!git.run(repo, "merge-base", "--is-ancestor", ack.commit(), ack.ref()).ok()) {
        lost.add(ack.toString());
      }
    }
    HubApi api = new HubApi(baseUrl);
    for (ClientOutcomes.Merge merge : outcomes.merges()) {
      Path repo = data.resolve("repos").resolve(merge.repo());
      String status =
          api.get(
                  "/api/models/" + ClusterWorkload.PROPOSED + "/discussions/" + merge.number(),
                  token)
              .json()
              .path("status")
              .asText();
      if (!status.equals("merged")
          || !git.run(repo, "merge-base", "--is-ancestor", merge.mergeCommit(), "refs/heads/main")
              .ok()) {
        lost.add(merge + " status " + status);
      }
    }
    return lost;
  }

  /**
   * Every git repository of the hub that {@code git fsck --strict} finds fault with, and what it
   * said.
   */
  private Map<Path, String> fsck(Path data) throws IOException {
    GitCli git = new GitCli(temp.resolve("check-home"));
    Map<Path, String> failures = new TreeMap<>();
    List<Path> repos;
    try (Stream<Path> walk = Files.walk(data.resolve("repos"), 4)) {
      repos = new ArrayList<>(walk.filter(p -> p.toString().endsWith(".git")).toList());
    }
    repos.add(data.resolve("admin.git"));
    for (Path repo : repos) {
      GitCli.Result fsck = git.run(repo, "fsck", "--strict");
      if (!fsck.ok()) {
        failures.put(data.relativize(repo), fsck.output());
      }
    }
    return failures;
  }

  private static void report(
      Leadership.Leaders before,
      Leadership.Leaders after,
      int victim,
      long failoverMillis,
      ClientOutcomes outcomes,
      List<Leadership.Leaders> rejoined,
      List<String> lost) {
    StringBuilder out = new StringBuilder("MultiInstanceIT: ");
    out.append(INSTANCES).append(" instances behind nginx, load ").append(LOAD.toSeconds());
    out.append(" s, SIGKILL of instance ").append(victim).append(" after ");
    out.append(KILL_AFTER.toSeconds()).append(" s\n");
    out.append("  leaders before the kill: ").append(before).append('\n');
    out.append("  leaders after the kill: ").append(after);
    out.append(", failover ").append(failoverMillis).append(" ms (limit ");
    out.append(FAILOVER.toMillis()).append(" ms)\n");
    out.append("  writes acknowledged: ").append(outcomes.acks().size());
    out.append(" (+ ").append(outcomes.merges().size()).append(" merges), lost: ");
    out.append(lost.size()).append('\n');
    outcomes
        .counts()
        .forEach(
            (kind, n) ->
                out.append("  ")
                    .append(ClientOutcomes.retryable(kind) ? "  " : "! ")
                    .append(kind)
                    .append(": ")
                    .append(n)
                    .append('\n'));
    outcomes
        .firstOfEachKind()
        .forEach(
            (kind, first) ->
                out.append("  first ")
                    .append(kind)
                    .append(": ")
                    .append(first.length() > 300 ? first.substring(0, 300) : first)
                    .append('\n'));
    out.append("  leaders after the restart of ").append(victim).append(": ");
    out.append(rejoined.stream().map(l -> l.indexes().toString()).distinct().toList());
    System.out.println(out);
  }
}
