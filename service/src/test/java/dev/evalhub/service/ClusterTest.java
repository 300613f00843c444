package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.account.WebSessionStore;
import dev.evalhub.domain.index.InstanceStatus;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances ({@link EvalHub#open}) on one data folder and one PostgreSQL schema, as several
 * {@code serve} processes run behind a load balancer: the event log is one (numbered once across
 * both), one instance leads ingestion, the other's caches follow the leader's changes, a follower's
 * commit answers once it is indexed, and leadership moves when the leader closes or loses its
 * connection. Skipped without {@code EVALHUB_TEST_POSTGRES_URL}.
 */
class ClusterTest {

  private static final RepoId BENCH = RepoId.parsePath("datasets/acme/bench").orElseThrow();
  private static final Duration TAKEOVER = Duration.ofSeconds(5);

  @TempDir Path dir;
  private String url;
  private EvalHub a;
  private EvalHub b;

  @BeforeEach
  void openTwoInstances() {
    url = TestDatabases.freshPostgresSchema();
    a = EvalHub.open(HubOptions.of(dir.resolve("data")).withDatabase(url));
    b = EvalHub.open(HubOptions.of(dir.resolve("data")).withDatabase(url));
    a.accounts().createUserAsAdministrator("alice");
    a.accounts().createOrgAsAdministrator("acme", List.of("alice"));
    a.storage().createRepository(BENCH, false);
    commit(a, BENCH, "eval.yaml", evalYaml());
  }

  @AfterEach
  void closeBoth() {
    for (EvalHub hub : new EvalHub[] {a, b}) {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  void oneInstanceLeadsAndTheEventLogIsTheDatabases() {
    assertThat(List.of(a, b))
        .filteredOn(hub -> hub.operations().instance().leader())
        .as("exactly one leads")
        .hasSize(1);
    InstanceStatus follower = follower().operations().instance();
    assertThat(follower.leaderSince()).isEmpty();
    assertThat(leader().operations().instance().leaderSince()).isPresent();
    assertThat(Files.exists(dir.resolve("data").resolve("events.log")))
        .as("no file log on PostgreSQL")
        .isFalse();
    assertThat(follower.eventLogPosition())
        .isEqualTo(leader().operations().instance().eventLogPosition())
        .isPositive();
  }

  @Test
  void eventsAreNumberedOnceAcrossBothInstances() throws Exception {
    List<RepoId> models = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      RepoId model = RepoId.parsePath("alice/m" + i).orElseThrow();
      a.storage().createRepository(model, false);
      models.add(model);
    }
    long before = a.storage().events().lastSequence();
    List<Thread> writers = new ArrayList<>();
    for (EvalHub hub : List.of(a, b)) {
      String name = hub == a ? "a" : "b";
      Thread writer =
          new Thread(
              () -> {
                for (int round = 0; round < 5; round++) {
                  for (RepoId model : models) {
                    commit(hub, model, ".eval_results/" + name + round + ".yaml", result(round));
                  }
                }
              });
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join();
    }
    List<RefEvent> events = b.storage().events().readAfter(before);
    assertThat(events).extracting(RefEvent::sequence).doesNotHaveDuplicates().isSorted();
    assertThat(events)
        .extracting(RefEvent::sequence)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(before + 1, before + events.size()).boxed().toList());
    assertThat(events).as("one event per commit").hasSize(2 * 5 * models.size());
    long last = events.get(events.size() - 1).sequence();
    assertThat(eventually(() -> a.index().lastSequence() == last)).isTrue();
    assertThat(a.index().ingestion().catchUp()).as("nothing left to apply").isZero();
  }

  @Test
  void aFollowersCommitAnswersOnceItIsIndexedAndItsCachesFollowTheLeader() {
    RepoId model = RepoId.parsePath("alice/gpt").orElseThrow();
    a.storage().createRepository(model, false);
    EvalHub follower = follower();
    EvalHub leader = leader();
    assertThat(board(follower).entries()).isEmpty(); // cached on the follower now
    assertThat(board(leader).entries()).isEmpty(); // and on the leader

    commit(follower, model, ".eval_results/a.yaml", result(50));
    // No waiting: the follower's commit answered once the leader had applied its event.
    assertThat(follower.index().lastSequence())
        .isEqualTo(follower.storage().events().lastSequence());
    assertThat(eventually(() -> board(leader).entries().size() == 1))
        .as("the leader's cache follows its own ingestion")
        .isTrue();
    assertThat(eventually(() -> board(follower).entries().size() == 1))
        .as("the follower's cache is dropped by the leader's notification")
        .isTrue();

    commit(leader, model, ".eval_results/a.yaml", result(70));
    assertThat(eventually(() -> board(follower).entries().get(0).score().value() == 70.0))
        .as("a push to the leader reaches the follower's cached leaderboard")
        .isTrue();
  }

  @Test
  void leadershipMovesWhenTheLeaderCloses() {
    EvalHub leader = leader();
    EvalHub follower = follower();
    for (EvalHub hub : List.of(a, b)) {
      hub.webhooks()
          .startDelivery(
              WebhookOptions.defaults("http://127.0.0.1:1"),
              (webhook, event, deliveryId, repoPrivate, publicUrl) -> "{}");
    }
    assertThat(leader.webhooks().delivering()).as("the leader delivers").isTrue();
    assertThat(follower.webhooks().delivering()).as("a follower does not").isFalse();
    long started = System.nanoTime();
    leader.close();
    if (leader == a) {
      a = null;
    } else {
      b = null;
    }
    assertThat(eventually(() -> follower.operations().instance().leader(), TAKEOVER)).isTrue();
    assertThat(eventually(() -> follower.webhooks().delivering())).isTrue();
    System.out.printf(
        "leadership moved in %d ms after the leader closed%n",
        (System.nanoTime() - started) / 1_000_000);
    RepoId model = RepoId.parsePath("alice/after").orElseThrow();
    follower.storage().createRepository(model, false);
    commit(follower, model, ".eval_results/a.yaml", result(60));
    assertThat(board(follower).entries()).hasSize(1);
  }

  @Test
  void aLeaderThatLosesItsConnectionStopsAndAnotherLeads() throws Exception {
    EvalHub leader = leader();
    EvalHub follower = follower();
    // What a network failure or a killed process does: PostgreSQL drops the lock holder's session.
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND granted AND pid IN (SELECT pid FROM pg_stat_activity"
                    + " WHERE application_name = current_setting('application_name'))")) {
      assertThat(rs.next()).isTrue();
    }
    assertThat(
            eventually(
                () ->
                    List.of(a, b).stream().filter(h -> h.operations().instance().leader()).count()
                        == 1,
                TAKEOVER))
        .isTrue();
    RepoId model = RepoId.parsePath("alice/later").orElseThrow();
    follower.storage().createRepository(model, false);
    commit(follower, model, ".eval_results/a.yaml", result(61));
    commit(leader, model, ".eval_results/b.yaml", result(62));
    assertThat(eventually(() -> board(a).entries().size() == 1 && board(b).entries().size() == 1))
        .isTrue();
    assertThat(a.index().lastSequence()).isEqualTo(a.storage().events().lastSequence());
  }

  @Test
  void aLostListeningConnectionReconnectsAndDropsEveryCache() throws Exception {
    RepoId model = RepoId.parsePath("alice/listen").orElseThrow();
    a.storage().createRepository(model, false);
    EvalHub leader = leader();
    EvalHub follower = follower();
    assertThat(board(follower).entries()).isEmpty(); // cached
    // The listening sessions' last statement is the schema lookup after LISTEN, or their ping.
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = current_setting('application_name')"
                    + " AND pid <> pg_backend_pid()"
                    + " AND query IN ('SELECT current_schema()', 'SELECT 1')")) {
      assertThat(rs.next()).isTrue();
    }
    // Committed while the follower may not listen: its notification can be lost.
    commit(leader, model, ".eval_results/a.yaml", result(55));
    assertThat(eventually(() -> board(follower).entries().size() == 1))
        .as("the reconnected follower dropped its caches")
        .isTrue();
  }

  @Test
  void aRefMovedWithoutItsEventIsIndexedByTheLeaderWithinThePeriod() throws Exception {
    RepoId model = RepoId.parsePath("alice/drift").orElseThrow();
    a.storage().createRepository(model, false);
    EvalHub leader = leader();
    assertThat(board(leader).entries()).isEmpty(); // cached
    Duration period = EvalHub.reconcilePeriod;
    EvalHub.reconcilePeriod = Duration.ofSeconds(1);
    try {
      // A storage of its own appends to a file log no instance reads: for the cluster, main moved
      // without its event (as when an instance dies between the ref update and the append).
      try (dev.evalhub.storage.Storage elsewhere =
          dev.evalhub.storage.Storage.open(
              dir.resolve("data"), dev.evalhub.storage.StorageOptions.DEFAULT)) {
        commit(elsewhere, model, ".eval_results/a.yaml", result(42));
      }
      Files.deleteIfExists(dir.resolve("data").resolve("events.log"));
      assertThat(eventually(() -> board(leader).entries().size() == 1, TAKEOVER))
          .as("the leader's periodic reconcile indexed the moved ref")
          .isTrue();
      assertThat(eventually(() -> board(follower()).entries().size() == 1)).isTrue();
    } finally {
      EvalHub.reconcilePeriod = period;
    }
  }

  @Test
  void theCommandLinesReindexIsRefusedWhileAnInstanceLeadsAndRunsWhenNoneDoes() {
    try (EvalHub cli =
        EvalHub.openAdministration(HubOptions.of(dir.resolve("data")).withDatabase(url))) {
      long applied = leader().index().lastSequence();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> cli.operations().reindexAsAdministrator((done, total) -> {}))
          .isInstanceOf(HubException.class)
          .hasMessageContaining("an instance leads ingestion")
          .hasMessageContaining("stop every instance")
          .hasMessageNotContaining("user=");
      assertThat(leader().index().lastSequence()).as("the index is untouched").isEqualTo(applied);
      a.close();
      b.close();
      a = null;
      b = null;
      assertThat(cli.operations().reindexAsAdministrator((done, total) -> {}).repositories())
          .isPositive();
      assertThat(cli.index().ingestion().mayWrite()).as("the lease is released").isFalse();
    }
  }

  @Test
  void onlyTheLeaderRefreshesTheMirrors() throws Exception {
    UnreachableMirror.record(a);
    for (EvalHub hub : List.of(a, b)) {
      hub.mirrors().startRefreshing(Duration.ofMillis(100));
    }
    EvalHub leader = leader();
    assertThat(eventually(() -> leader.mirrors().counts().refreshes() >= 2)).isTrue();
    Thread.sleep(300);
    assertThat(follower().mirrors().counts().refreshes()).as("a follower refreshes none").isZero();
  }

  @Test
  void anExistingFileLogIsCopiedIntoTheTableOnce() throws Exception {
    Path data = dir.resolve("moved");
    try (EvalHub embedded = EvalHub.openAdministration(data)) {
      embedded.accounts().createUserAsAdministrator("carol");
      embedded.storage().createRepository(RepoId.parsePath("carol/x").orElseThrow(), false);
    }
    List<RefEvent> fileEvents =
        new dev.evalhub.storage.FileEventStore(data.resolve("events.log")).readAfter(0);
    assertThat(fileEvents).isNotEmpty();
    String fresh = TestDatabases.freshPostgresSchema();
    try (EvalHub moved = EvalHub.open(HubOptions.of(data).withDatabase(fresh))) {
      assertThat(moved.storage().events().readAfter(0)).isEqualTo(fileEvents);
      assertThat(Files.exists(data.resolve("events.log"))).isFalse();
      assertThat(Files.exists(data.resolve("events.log.migrated-to-postgresql"))).isTrue();
      assertThat(moved.leaderboards().benchmarks()).isEmpty();
    }
    // A command without the database would start a second log in the file: refused.
    for (java.util.function.Supplier<EvalHub> withoutDb :
        List.<java.util.function.Supplier<EvalHub>>of(
            () -> EvalHub.openAdministration(data), () -> EvalHub.open(HubOptions.of(data)))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(withoutDb::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in PostgreSQL")
          .hasMessageContaining("--db, EVALHUB_DB or db=");
    }
    assertThat(Files.exists(data.resolve("events.log"))).isFalse();
    // A file log that appeared again next to a table that holds events is refused, naming both.
    Files.writeString(
        data.resolve("events.log"),
        dev.evalhub.storage.FileEventStore.format(fileEvents.get(0)) + "\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EvalHub.open(HubOptions.of(data).withDatabase(fresh)))
        .hasMessageContaining("events.log holds events up to #1")
        .hasMessageContaining("the events table of");
  }

  @Test
  void writesOfBothInstancesAtOnceOnOneDataFolderAreSafe() throws Exception {
    RepoId model = RepoId.parsePath("alice/shared").orElseThrow();
    a.storage().createRepository(model, false);
    commit(a, model, ".eval_results/r.yaml", result(1));
    Map<String, List<Object>> outcomes = new ConcurrentHashMap<>();
    race(
        hub -> {
          String me = hub == a ? "a" : "b";
          // Accounts: one admin.git branch, compare-and-set with retries.
          for (int i = 0; i < 5; i++) {
            hub.accounts().createUserAsAdministrator("u" + me + i);
          }
          // Repository creation: names that differ only by case, under repos/.create.lock.
          outcomes
              .computeIfAbsent("create", k -> new CopyOnWriteArrayList<>())
              .add(
                  attempt(
                      () ->
                          hub.storage()
                              .createRepository(
                                  RepoId.parsePath(me.equals("a") ? "alice/Twin" : "alice/twin")
                                      .orElseThrow(),
                                  false)));
          // Discussion numbers: allocated on the records' refs, compare-and-set.
          for (int i = 0; i < 5; i++) {
            outcomes
                .computeIfAbsent("numbers", k -> new CopyOnWriteArrayList<>())
                .add(
                    hub.storage()
                        .pullRequests()
                        .open(model, "alice", new NewDiscussion("d" + me + i, "text", false))
                        .number()
                        .value());
          }
        });
    for (String me : List.of("a", "b")) {
      for (int i = 0; i < 5; i++) {
        assertThat(b.storage().accounts().namespace("u" + me + i)).isPresent();
      }
    }
    assertThat(outcomes.get("create"))
        .as("one creation wins, the other is refused")
        .filteredOn(o -> o instanceof HubException)
        .hasSize(1);
    assertThat(outcomes.get("numbers")).hasSize(10).doesNotHaveDuplicates();

    // Two instances merge one pull request at once: it is merged once, main moves once.
    PrNumber pr =
        a.storage()
            .pullRequestCommits()
            .open(
                model,
                "alice",
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    List.of(
                        FileChange.put(
                            ".eval_results/r.yaml",
                            result(2).getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    "better",
                    new AccountName("alice")))
            .pullRequest()
            .orElseThrow();
    String mainBefore;
    try (var reader = a.storage().reader(model)) {
      mainBefore = reader.head("refs/heads/main").orElseThrow().hex();
    }
    List<Object> merges = new CopyOnWriteArrayList<>();
    race(
        hub ->
            merges.add(
                attempt(
                    () ->
                        hub.storage()
                            .pullRequests()
                            .merge(model, pr, "alice", Optional.<String>empty())
                            .status())));
    assertThat(merges).filteredOn(o -> o == MergeResult.Status.MERGED).hasSize(1);
    try (var reader = a.storage().reader(model)) {
      assertThat(reader.head("refs/heads/main").orElseThrow().hex()).isNotEqualTo(mainBefore);
    }
    assertThat(
            b.storage().pullRequests().get(model, pr).events().stream()
                .filter(e -> e.kind() == dev.evalhub.domain.pr.PrEvent.Kind.MERGE)
                .count())
        .isEqualTo(1);
    assertThat(a.storage().pullRequests().interruptedMerges()).isEmpty();
    long last = a.storage().events().lastSequence();
    assertThat(eventually(() -> a.index().lastSequence() == last)).isTrue();
  }

  private void race(java.util.function.Consumer<EvalHub> work) throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (EvalHub hub : List.of(a, b)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  work.accept(hub);
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
  }

  private static Object attempt(java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } catch (HubException e) {
      return e;
    }
  }

  @Test
  void pageSessionsAreSharedByBothInstances() throws Exception {
    String token = a.accounts().createTokenAsAdministrator("alice", Role.WRITE, "pages").secret();
    WebSessionStore onA = a.accounts().sharedSessions().orElseThrow();
    WebSessionStore onB = b.accounts().sharedSessions().orElseThrow();
    WebSession anonymous = onA.create();
    assertThat(onB.find(anonymous.id())).contains(anonymous);
    assertThat(sessionKeys())
        .as("the table keys a session by its id's SHA-256, never by the id")
        .containsExactly(sha256(anonymous.id()));

    WebSession signedIn = onB.signIn(anonymous, b.accounts().sessionDigest(token));
    assertThat(signedIn.id()).as("signing in rotates the id").isNotEqualTo(anonymous.id());
    assertThat(onA.find(anonymous.id())).isEmpty();
    WebSession seenOnA = onA.find(signedIn.id()).orElseThrow();
    assertThat(seenOnA.csrf()).isEqualTo(signedIn.csrf());
    assertThat(a.accounts().authenticateSession(seenOnA))
        .map(caller -> caller.user())
        .contains("alice");

    a.accounts().revokeTokenAsAdministrator("alice", token);
    assertThat(eventually(() -> b.accounts().authenticateSession(seenOnA).isEmpty()))
        .as("a revoked token signs the session out on every instance")
        .isTrue();
    onA.remove(signedIn.id());
    assertThat(onB.find(signedIn.id())).isEmpty();
  }

  private List<String> sessionKeys() throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM web_sessions")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void theEmbeddedDefaultKeepsItsSessionsAndEventsToItself() {
    try (EvalHub embedded = EvalHub.open(HubOptions.of(dir.resolve("embedded")))) {
      embedded.accounts().createUserAsAdministrator("dave");
      embedded.storage().createRepository(RepoId.parsePath("dave/x").orElseThrow(), false);
      assertThat(embedded.accounts().sharedSessions()).isEmpty();
      assertThat(Files.exists(dir.resolve("embedded").resolve("events.log"))).isTrue();
      InstanceStatus status = embedded.operations().instance();
      assertThat(status.leader()).isTrue();
      assertThat(status.indexPosition()).isEqualTo(status.eventLogPosition()).isPositive();
    }
  }

  private EvalHub leader() {
    assertThat(
            eventually(
                () -> a.operations().instance().leader() || b.operations().instance().leader()))
        .isTrue();
    return a.operations().instance().leader() ? a : b;
  }

  private EvalHub follower() {
    return leader() == a ? b : a;
  }

  private static Leaderboard board(EvalHub hub) {
    return hub.leaderboards().leaderboard(BENCH, Optional.of("t1"), false, Optional.empty());
  }

  private static CommitResult commit(EvalHub hub, RepoId repo, String path, String text) {
    return commit(hub.storage(), repo, path, text);
  }

  private static CommitResult commit(
      dev.evalhub.storage.Storage storage, RepoId repo, String path, String text) {
    // A lost race on main (the other instance committed first) is retried, as a client would.
    for (int attempt = 0; ; attempt++) {
      CommitResult result =
          TestStorage.commitFile(storage, repo, path, text, "add " + path, "alice");
      if (result.status() != CommitResult.Status.PARENT_MISMATCH || attempt > 50) {
        assertThat(result.status()).isEqualTo(CommitResult.Status.COMMITTED);
        return result;
      }
    }
  }

  private static boolean eventually(BooleanSupplier condition) {
    return eventually(condition, Duration.ofSeconds(5));
  }

  private static boolean eventually(BooleanSupplier condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  private static String result(double value) {
    return "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  private static String evalYaml() {
    return "name: Bench\ndescription: test benchmark\n"
        + "evaluation_framework: lm-evaluation-harness\ntasks:\n  - id: t1\n";
  }
}
