package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.mirror.MirrorKind;
import dev.evalhub.domain.mirror.MirrorStatus;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.service.MirrorService;
import dev.evalhub.testing.GitCli;
import dev.evalhub.testing.TestDatabases;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mirrors between two real hubs over loopback HTTP: hub A is the source, hub B mirrors a benchmark
 * and a model of it (issue 16, item 3), over git and through the Hugging Face API, with the faults
 * of the issue: a source that goes away, serves invalid files or rewrites its history.
 */
class MirrorsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\ntasks:\n"
          + "  - id: t1\n  - id: t2\n";

  @TempDir Path temp;
  private TestHub a;
  private TestHub b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** Hub A with alice's benchmark {@code alice/bench} and model {@code alice/gpt} (t1: 40). */
  private void startSource() {
    a =
        new TestHub(temp.resolve("a"))
            .user("alice")
            .user("bob")
            .repo("datasets/alice/bench", false)
            .repo("alice/gpt", false)
            .commit("datasets/alice/bench", "eval.yaml", EVAL_YAML, "benchmark", "alice")
            .commit("alice/gpt", ".eval_results/t1.yaml", result("t1", "40"), "t1", "alice");
  }

  private void startMirror(String database) {
    b = new TestHub(ServerConfig.forTest(temp.resolve("b")).withDatabase(database));
  }

  private static String result(String task, String value) {
    return "- dataset:\n    id: alice/bench\n    task_id: " + task + "\n  value: " + value + "\n";
  }

  private MirrorStatus add(Optional<MirrorKind> kind, String... models) {
    return b.server()
        .hub()
        .mirrors()
        .addAsAdministrator(
            new MirrorService.AddRequest(
                a.baseUrl(), List.of("alice/bench"), List.of(models), kind, Optional.empty()));
  }

  private JsonNode json(TestHub hub, String path) throws Exception {
    HttpResponse<String> response = new HubHttp(hub.baseUrl()).get(path, null);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode row(String task) throws Exception {
    JsonNode board = json(b, "/api/datasets/alice/bench/leaderboard?task_id=" + task);
    assertThat(board).as(board.toString()).hasSize(1);
    return board.get(0);
  }

  private String main(TestHub hub, String repo) {
    return hub.server()
        .hub()
        .storage()
        .contents()
        .require(RepoId.parsePath(repo).orElseThrow(), "main")
        .commitId();
  }

  private static String file(String path, String content) {
    return "{\"key\":\"file\",\"value\":{\"content\":\""
        + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
        + "\",\"path\":\""
        + path
        + "\",\"encoding\":\"base64\"}}";
  }

  @Test
  void aMirroredModelsResultsAndInfoNameTheirOriginAndALocalModelsDoNot() throws Exception {
    startSource();
    startMirror("");
    b.user("carol")
        .repo("carol/local", false)
        .commit("carol/local", ".eval_results/t1.yaml", result("t1", "10"), "t1", "carol");

    add(Optional.empty(), "alice/gpt");

    String origin = a.baseUrl() + "/alice/gpt";
    JsonNode mirrored = json(b, "/api/models/alice/gpt?expand[]=evalResults");
    assertThat(mirrored.get("origin").asText()).isEqualTo(origin);
    assertThat(mirrored.get("evalResults")).hasSize(1);
    assertThat(mirrored.get("evalResults").get(0).get("origin").asText()).isEqualTo(origin);
    assertThat(json(b, "/api/datasets/alice/bench").get("origin").asText())
        .isEqualTo(a.baseUrl() + "/datasets/alice/bench");
    JsonNode local = json(b, "/api/models/carol/local?expand[]=evalResults");
    assertThat(local.has("origin")).as(local.toString()).isFalse();
    assertThat(local.get("evalResults")).hasSize(1);
    assertThat(local.get("evalResults").get(0).has("origin")).isFalse();
    JsonNode listed = json(b, "/api/models?expand[]=evalResults");
    assertThat(listed.findValuesAsText("origin")).containsOnly(origin);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aGitMirrorFollowsAChangedResultAndAMergedPullRequestWithItsOrigin(String kind)
      throws Exception {
    startSource();
    startMirror(TestDatabases.forKind(kind));

    MirrorStatus added = add(Optional.empty(), "alice/gpt");

    assertThat(added.mirror().kind()).isEqualTo(MirrorKind.GIT);
    assertThat(added.state().problems()).isEmpty();
    assertThat(row("t1").get("value").asDouble()).isEqualTo(40.0);
    assertThat(row("t1").get("origin").asText()).isEqualTo(a.baseUrl() + "/alice/gpt");
    assertThat(main(b, "alice/gpt")).isEqualTo(main(a, "alice/gpt"));

    // At A: alice changes her result, bob opens a pull request with another, alice merges it.
    a.commit("alice/gpt", ".eval_results/t1.yaml", result("t1", "45"), "rescored", "alice");
    HubHttp http = new HubHttp(a.baseUrl());
    HttpResponse<String> opened =
        http.send(
            "POST",
            "/api/models/alice/gpt/commit/main?create_pr=1",
            a.token("bob", Role.WRITE),
            String.join(
                "\n",
                "{\"key\":\"header\",\"value\":{\"summary\":\"Add t2\"}}",
                file(".eval_results/t2.yaml", result("t2", "30"))),
            "Content-Type",
            "application/x-ndjson");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    HttpResponse<String> merged =
        http.send(
            "POST",
            "/api/models/alice/gpt/discussions/1/merge",
            a.token("alice", Role.WRITE),
            "{}",
            "Content-Type",
            "application/json");
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);

    MirrorStatus refreshed = b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

    assertThat(refreshed.state().problems()).isEmpty();
    assertThat(row("t1").get("value").asDouble()).isEqualTo(45.0);
    assertThat(row("t2").get("value").asDouble()).isEqualTo(30.0);
    assertThat(row("t2").get("origin").asText()).isEqualTo(a.baseUrl() + "/alice/gpt");
    // The whole history, commit for commit.
    assertThat(main(b, "alice/gpt")).isEqualTo(main(a, "alice/gpt"));
    JsonNode listed = json(b, "/api/mirrors");
    assertThat(listed.get(0).get("id").asText()).isEqualTo(added.mirror().id());
    assertThat(listed.get(0).get("repositories").get(1).get("localRevision").asText())
        .isEqualTo(main(a, "alice/gpt"));
    assertThat(listed.get(0).get("problems")).isEmpty();
    // A reindex gives the same rows, origin included.
    JsonNode before = json(b, "/api/datasets/alice/bench/leaderboards");
    b.server()
        .hub()
        .operations()
        .reindexAsAdministrator(dev.evalhub.domain.index.ReindexProgress.NONE);
    assertThat(json(b, "/api/datasets/alice/bench/leaderboards")).isEqualTo(before);
    String host = a.baseUrl().substring("http://".length());
    HubHttp pages = new HubHttp(b.baseUrl());
    assertThat(pages.get("/datasets/alice/bench?task=t1", null).body())
        .contains(
            "mirrored: from " + host,
            "A read-only mirror of " + a.baseUrl() + "/datasets/alice/bench");
    assertThat(pages.get("/alice/gpt", null).body())
        .contains("A read-only mirror of " + a.baseUrl() + "/alice/gpt, last refreshed ");
  }

  @Test
  void aMirrorRefusesPushesCommitsAndPullRequests() throws Exception {
    startSource();
    startMirror("");
    add(Optional.empty(), "alice/gpt");
    // alice on B is a writer of the namespace: only the mirror stops her.
    b.user("carol");
    b.server().hub().storage().accounts().addMember("alice", "carol");
    String carol = b.token("carol", Role.WRITE);
    String before = main(b, "alice/gpt");
    GitCli git = new GitCli(temp.resolve("home"));
    Path clone = git.clone(b.gitUrl("alice/gpt", carol), temp);
    git.commitFile(clone, ".eval_results/x.yaml", result("t1", "99"), "mine");

    GitCli.Result push = git.run(clone, "push", "origin", "HEAD:main");
    HttpResponse<String> commit =
        new HubHttp(b.baseUrl())
            .send(
                "POST",
                "/api/models/alice/gpt/commit/main",
                carol,
                "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n"
                    + file(".eval_results/x.yaml", result("t1", "99")),
                "Content-Type",
                "application/x-ndjson");
    GitCli.Result pullRequest = git.run(clone, "push", "origin", "HEAD:refs/for/main");
    HttpResponse<String> discussion =
        new HubHttp(b.baseUrl())
            .send(
                "POST",
                "/api/models/alice/gpt/discussions",
                carol,
                "{\"title\":\"Which prompt?\",\"pullRequest\":false}",
                "Content-Type",
                "application/json");

    String refusal = "alice/gpt is a mirror of " + a.baseUrl() + "/alice/gpt: read-only";
    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains(refusal);
    assertThat(commit.statusCode()).isEqualTo(403);
    assertThat(commit.body()).contains(refusal);
    assertThat(pullRequest.ok()).isFalse();
    assertThat(pullRequest.output()).contains(refusal);
    assertThat(discussion.statusCode()).isEqualTo(403);
    assertThat(discussion.body()).contains(refusal);
    assertThat(main(b, "alice/gpt")).isEqualTo(before);
  }

  @Test
  void aHistoryRewrittenAtTheSourceIsNotAppliedAndReported() throws Exception {
    startSource();
    startMirror("");
    MirrorStatus added = add(Optional.empty(), "alice/gpt");
    String mirrored = main(b, "alice/gpt");
    // Force-move A's main to a commit of the same tree with no parent, with git itself.
    GitCli git = new GitCli(temp.resolve("home"));
    Path bare = temp.resolve("a/repos/models/alice/gpt.git");
    String orphan = git.ok(bare, "commit-tree", "-m", "rewritten", "main^{tree}").trim();
    git.ok(bare, "update-ref", "refs/heads/main", orphan);

    MirrorStatus refreshed = b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

    assertThat(refreshed.state().problems())
        .singleElement()
        .asString()
        .contains("alice/gpt: history rewritten at the source");
    assertThat(main(b, "alice/gpt")).isEqualTo(mirrored);
    assertThat(row("t1").get("value").asDouble()).isEqualTo(40.0);
    assertThat(json(b, "/api/mirrors").get(0).get("failures").asLong()).isEqualTo(1);
    assertThat(new HubHttp(b.baseUrl()).get("/alice/gpt", null).body())
        .contains("Problem at the last refresh: history rewritten at the source");
  }

  @Test
  void aSourceThatGoesAwayLeavesTheCopyAndAProblemThenRecovers() throws Exception {
    startSource();
    startMirror("");
    MirrorStatus added = add(Optional.empty(), "alice/gpt");
    String mirrored = main(b, "alice/gpt");
    a.close();
    a = null;

    MirrorStatus refreshed = b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

    assertThat(refreshed.state().problems()).hasSize(2).allMatch(p -> p.contains("cannot fetch"));
    assertThat(refreshed.state().lastSuccess()).isEqualTo(added.state().lastSuccess());
    assertThat(main(b, "alice/gpt")).isEqualTo(mirrored);
    assertThat(row("t1").get("value").asDouble()).isEqualTo(40.0);
    assertThat(b.server().hub().mirrors().counts().mirrorsWithProblems()).isEqualTo(1);
    // The operator's metrics show it, naming no repository.
    HttpResponse<String> metrics = new HubHttp(b.baseUrl()).get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "\nevalhub_mirrors 1.0\n",
            "\nevalhub_mirrors_with_problems 1.0\n",
            "\nevalhub_mirror_refreshes_total 2.0\n",
            "\nevalhub_mirror_refresh_failures_total 1.0\n",
            "\nevalhub_mirror_updates_total 2.0\n")
        .doesNotContain("alice/gpt");
  }

  @Test
  void anApiMirrorCopiesTheFilesTheHubReadsAsOneCommitPerSourceRevision() throws Exception {
    startSource();
    startMirror("");

    MirrorStatus added = add(Optional.of(MirrorKind.API), "alice/gpt");

    assertThat(added.state().problems()).isEmpty();
    assertThat(row("t1").get("value").asDouble()).isEqualTo(40.0);
    assertThat(row("t1").get("origin").asText()).isEqualTo(a.baseUrl() + "/alice/gpt");
    a.commit("alice/gpt", ".eval_results/t1.yaml", result("t1", "45"), "rescored", "alice");
    String sourceRevision = main(a, "alice/gpt");

    b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

    assertThat(row("t1").get("value").asDouble()).isEqualTo(45.0);
    String title =
        new GitCli(temp.resolve("home"))
            .ok(temp.resolve("b/repos/models/alice/gpt.git"), "log", "-1", "--format=%s", "main")
            .trim();
    assertThat(title)
        .isEqualTo("Mirror of " + a.baseUrl() + "/alice/gpt at " + sourceRevision.substring(0, 12));
  }

  @Test
  void invalidFilesAtAnApiSourceAreNotAppliedAndReported() throws Exception {
    Map<String, String> files = new ConcurrentHashMap<>();
    String[] sha = {"1".repeat(40)};
    files.put("eval.yaml", EVAL_YAML);
    HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    source.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body;
          int status = 200;
          if (path.equals("/api/datasets/alice/bench")) {
            body =
                ("{\"sha\":\"" + sha[0] + "\",\"siblings\":[{\"rfilename\":\"eval.yaml\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
          } else if (path.equals("/datasets/alice/bench/resolve/" + sha[0] + "/eval.yaml")) {
            body = files.get("eval.yaml").getBytes(StandardCharsets.UTF_8);
          } else {
            status = 404;
            body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    source.start();
    try {
      startMirror("");
      String url = "http://127.0.0.1:" + source.getAddress().getPort();
      MirrorStatus added =
          b.server()
              .hub()
              .mirrors()
              .addAsAdministrator(
                  new MirrorService.AddRequest(
                      url, List.of("alice/bench"), List.of(), Optional.empty(), Optional.empty()));
      assertThat(added.mirror().kind()).isEqualTo(MirrorKind.API);
      assertThat(added.state().problems()).isEmpty();
      String mirrored = main(b, "datasets/alice/bench");
      files.put("eval.yaml", "name: Bench\ndescription: d\ntasks: nope\n");
      sha[0] = "2".repeat(40);

      MirrorStatus refreshed =
          b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

      assertThat(refreshed.state().problems())
          .singleElement()
          .asString()
          .contains("invalid files at the source's 22222222, nothing applied", "eval.yaml");
      assertThat(main(b, "datasets/alice/bench")).isEqualTo(mirrored);
      assertThat(json(b, "/api/datasets/alice/bench/leaderboards")).isNotNull();
    } finally {
      source.stop(0);
    }
  }

  /**
   * A Hugging Face API source serving {@code files} of the model {@code alice/gpt} at revision
   * {@code sha[0]}, both changed by the test as it goes.
   */
  private static HttpServer apiSource(String[] sha, Map<String, String> files) throws Exception {
    return apiSource(sha, files, new java.util.concurrent.CountDownLatch(0));
  }

  /** {@link #apiSource(String[], Map)} whose listing waits until {@code gate} opens. */
  private static HttpServer apiSource(
      String[] sha, Map<String, String> files, java.util.concurrent.CountDownLatch gate)
      throws Exception {
    HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    source.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String prefix = "/alice/gpt/resolve/" + sha[0] + "/";
          byte[] body;
          int status = 200;
          if (path.equals("/api/models/alice/gpt")) {
            try {
              gate.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            StringBuilder siblings = new StringBuilder();
            for (String name : files.keySet()) {
              siblings.append(siblings.length() == 0 ? "" : ",");
              siblings.append("{\"rfilename\":\"").append(name).append("\"}");
            }
            body =
                ("{\"sha\":\"" + sha[0] + "\",\"siblings\":[" + siblings + "]}")
                    .getBytes(StandardCharsets.UTF_8);
          } else if (path.startsWith(prefix)
              && files.containsKey(path.substring(prefix.length()))) {
            body = files.get(path.substring(prefix.length())).getBytes(StandardCharsets.UTF_8);
          } else {
            status = 404;
            body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    source.start();
    return source;
  }

  private String show(String revision, String path) {
    return new GitCli(temp.resolve("home"))
        .ok(temp.resolve("b/repos/models/alice/gpt.git"), "show", revision + ":" + path);
  }

  @Test
  void anApiSourceThatDropsResultsOrListsNothingLosesNoMirroredResult() throws Exception {
    Map<String, String> files = new java.util.concurrent.ConcurrentSkipListMap<>();
    String[] sha = {"1".repeat(40)};
    files.put(".eval_results/t1.yaml", result("t1", "40"));
    files.put(".eval_results/t2.yaml", result("t2", "30"));
    HttpServer source = apiSource(sha, files);
    try {
      startMirror("");
      String url = "http://127.0.0.1:" + source.getAddress().getPort();
      MirrorService mirrors = b.server().hub().mirrors();
      MirrorStatus added =
          mirrors.addAsAdministrator(
              new MirrorService.AddRequest(
                  url,
                  List.of(),
                  List.of("alice/gpt"),
                  Optional.of(MirrorKind.API),
                  Optional.empty()));
      assertThat(added.state().problems()).isEmpty();
      String first = main(b, "alice/gpt");

      // The source drops t2 and changes t1.
      files.remove(".eval_results/t2.yaml");
      files.put(".eval_results/t1.yaml", result("t1", "45"));
      sha[0] = "2".repeat(40);
      MirrorStatus dropped = mirrors.refreshAsAdministrator(added.mirror().id());

      assertThat(dropped.state().problems())
          .containsExactly(
              "alice/gpt: the source no longer serves .eval_results/t2.yaml (at 22222222):"
                  + " kept");
      assertThat(show("main", ".eval_results/t2.yaml")).isEqualTo(result("t2", "30"));
      assertThat(show("main", ".eval_results/t1.yaml")).isEqualTo(result("t1", "45"));
      // The changed result is recorded, and its previous value stays in the history.
      assertThat(show(first, ".eval_results/t1.yaml")).isEqualTo(result("t1", "40"));
      assertThat(dropped.state().of(added.mirror().repositories().get(0)).orElseThrow().replaced())
          .contains("changed at the source: .eval_results/t1.yaml");
      assertThat(
              new GitCli(temp.resolve("home"))
                  .ok(temp.resolve("b/repos/models/alice/gpt.git"), "log", "-1", "--format=%B"))
          .contains("Changed at the source: .eval_results/t1.yaml.");
      String second = main(b, "alice/gpt");

      // The source serves an empty listing.
      files.clear();
      sha[0] = "3".repeat(40);
      MirrorStatus empty = mirrors.refreshAsAdministrator(added.mirror().id());

      assertThat(empty.state().problems())
          .containsExactly(
              "alice/gpt: the source's listing at 33333333 names none of the 2 files"
                  + " copied here: refused, nothing applied");
      assertThat(main(b, "alice/gpt")).isEqualTo(second);
      assertThat(show("main", ".eval_results/t2.yaml")).isEqualTo(result("t2", "30"));
      assertThat(json(b, "/api/mirrors").get(0).get("failures").asLong()).isEqualTo(2);
    } finally {
      source.stop(0);
    }
  }

  @Test
  void aGitSourceThatRedirectsIsRefusedAndItsTargetNeverContacted() throws Exception {
    java.util.concurrent.atomic.AtomicInteger targetHits =
        new java.util.concurrent.atomic.AtomicInteger();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          targetHits.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    target.start();
    String inside = "http://127.0.0.1:" + target.getAddress().getPort();
    HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    source.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/api/models/alice/gpt")) {
            byte[] body =
                ("{\"sha\":\"" + "1".repeat(40) + "\",\"siblings\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } else {
            exchange.getResponseHeaders().add("Location", inside + exchange.getRequestURI());
            exchange.sendResponseHeaders(302, -1);
          }
          exchange.close();
        });
    source.start();
    try {
      startMirror("");
      String url = "http://127.0.0.1:" + source.getAddress().getPort();

      MirrorStatus added =
          b.server()
              .hub()
              .mirrors()
              .addAsAdministrator(
                  new MirrorService.AddRequest(
                      url,
                      List.of(),
                      List.of("alice/gpt"),
                      Optional.of(MirrorKind.GIT),
                      Optional.empty()));

      assertThat(added.state().problems()).singleElement().asString().contains("cannot fetch");
      assertThat(targetHits.get()).isZero();
      assertThat(
              b.server()
                  .hub()
                  .storage()
                  .repositories()
                  .find(RepoId.parsePath("alice/gpt").orElseThrow()))
          .isEmpty();
      // The public view summarizes: no transport text, no address but the source's.
      JsonNode listed = json(b, "/api/mirrors").get(0);
      assertThat(listed.get("problems").get(0).asText())
          .isEqualTo("alice/gpt: " + MirrorService.PUBLIC_PROBLEM);
      assertThat(listed.toString()).doesNotContain(inside);
    } finally {
      source.stop(0);
      target.stop(0);
    }
  }

  @Test
  void aSourceWithoutMainIsAPreciseProblem() throws Exception {
    startSource();
    startMirror("");
    MirrorStatus added = add(Optional.empty(), "alice/gpt");
    String mirrored = main(b, "alice/gpt");
    GitCli git = new GitCli(temp.resolve("home"));
    Path bare = temp.resolve("a/repos/models/alice/gpt.git");
    git.ok(bare, "update-ref", "refs/heads/trunk", "main");
    git.ok(bare, "symbolic-ref", "HEAD", "refs/heads/trunk");
    git.ok(bare, "update-ref", "-d", "refs/heads/main");

    MirrorStatus refreshed = b.server().hub().mirrors().refreshAsAdministrator(added.mirror().id());

    assertThat(refreshed.state().problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "alice/gpt: "
                + a.baseUrl()
                + "/alice/gpt.git has no main branch (refs/heads/main): a mirror copies main");
    assertThat(main(b, "alice/gpt")).isEqualTo(mirrored);
  }

  @Test
  void aRefreshAskedThroughTheApiAnswers202AtOnceAndRunsInTheBackground() throws Exception {
    Map<String, String> files = new java.util.concurrent.ConcurrentSkipListMap<>();
    files.put(".eval_results/t1.yaml", result("t1", "40"));
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    HttpServer source = apiSource(new String[] {"1".repeat(40)}, files, gate);
    try {
      startMirror("");
      b.user("carol");
      String url = "http://127.0.0.1:" + source.getAddress().getPort();
      // Recorded as a mirror never refreshed: a request may refresh it at once.
      b.server()
          .hub()
          .storage()
          .mirrors()
          .create(
              new dev.evalhub.domain.mirror.Mirror(
                  "0123456789ab",
                  url,
                  MirrorKind.API,
                  List.of(RepoId.parsePath("alice/gpt").orElseThrow()),
                  java.time.Duration.ofHours(1),
                  "evalhub",
                  java.time.Instant.now(),
                  false));
      b.server().hub().storage().accounts().createOrg("alice", List.of());
      HubHttp http = new HubHttp(b.baseUrl());
      String token = b.token("carol", Role.WRITE);

      // The source does not answer yet: the request does not wait for it.
      long start = System.nanoTime();
      HttpResponse<String> asked =
          http.send("POST", "/api/mirrors/0123456789ab/refresh", token, null);
      long millis = (System.nanoTime() - start) / 1_000_000;
      HttpResponse<String> again =
          http.send("POST", "/api/mirrors/0123456789ab/refresh", token, null);

      assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
      assertThat(millis).isLessThan(10_000);
      assertThat(JSON.readTree(asked.body()).get("refreshes").asLong()).isZero();
      assertThat(again.statusCode()).isEqualTo(202);
      gate.countDown();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (b.server().hub().mirrors().listAsAdministrator().get(0).state().refreshes() == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(500);
      MirrorStatus after = b.server().hub().mirrors().listAsAdministrator().get(0);
      assertThat(after.state().refreshes()).isEqualTo(1);
      assertThat(after.state().problems()).isEmpty();
      assertThat(show("main", ".eval_results/t1.yaml")).isEqualTo(result("t1", "40"));
    } finally {
      gate.countDown();
      source.stop(0);
    }
  }

  @Test
  void theOwnerOfTheNamespaceCannotDeleteACopyOnlyMirrorRemoveDeleteCopiesDoes() throws Exception {
    startSource();
    startMirror("");
    // alice exists on B too: the copy lands in her namespace.
    b.user("alice");
    MirrorStatus added = add(Optional.empty(), "alice/gpt");
    String before = main(b, "alice/gpt");

    HttpResponse<String> deleted =
        new HubHttp(b.baseUrl())
            .send(
                "DELETE",
                "/api/repos/delete",
                b.token("alice", Role.WRITE),
                "{\"name\":\"gpt\",\"organization\":\"alice\",\"type\":\"model\"}");

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(403);
    assertThat(deleted.body())
        .contains(
            "alice/gpt is a mirror of "
                + a.baseUrl()
                + "/alice/gpt: read-only; only the operator's `evalhub mirror remove ID"
                + " --delete-copies` deletes it");
    assertThat(main(b, "alice/gpt")).isEqualTo(before);

    b.server().hub().mirrors().removeAsAdministrator(added.mirror().id(), true);

    RepoId gpt = RepoId.parsePath("alice/gpt").orElseThrow();
    assertThat(b.server().hub().storage().repositories().find(gpt)).isEmpty();
    assertThat(
            b.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("datasets/alice/bench").orElseThrow()))
        .isEmpty();
  }

  @Test
  void aGitFetchPastMaxPackBytesIsStoppedAndCreatesNothing() throws Exception {
    startSource();
    // About 200 KB that does not compress, in a file the hub does not read.
    byte[] noise = new byte[150_000];
    new java.util.Random(7).nextBytes(noise);
    a.commit("alice/gpt", "weights.txt", Base64.getEncoder().encodeToString(noise), "w", "alice");
    b = new TestHub(new ServerConfig(temp.resolve("b"), "127.0.0.1", 0, 50_000, 100L << 20));

    MirrorStatus added = add(Optional.of(MirrorKind.GIT), "alice/gpt");

    assertThat(added.state().problems())
        .singleElement()
        .asString()
        .startsWith("alice/gpt: the fetch brought ")
        .contains("max-pack-bytes");
    assertThat(
            b.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("alice/gpt").orElseThrow()))
        .isEmpty();
    // The benchmark, small, is copied.
    assertThat(main(b, "datasets/alice/bench")).isEqualTo(main(a, "datasets/alice/bench"));
  }

  @Test
  void theScheduledRefreshCopiesADueMirrorAndTheListingNamesNoPrivateRepository() throws Exception {
    startSource();
    startMirror("");
    b.user("alice");
    b.repo("alice/secret", true);
    // Recorded as a mirror never refreshed: the worker's first tick finds it due.
    b.server()
        .hub()
        .storage()
        .mirrors()
        .create(
            new dev.evalhub.domain.mirror.Mirror(
                "0123456789ab",
                a.baseUrl(),
                MirrorKind.GIT,
                List.of(
                    RepoId.parsePath("alice/gpt").orElseThrow(),
                    RepoId.parsePath("alice/secret").orElseThrow()),
                java.time.Duration.ofHours(1),
                "evalhub",
                java.time.Instant.now(),
                false));

    b.server().hub().mirrors().startRefreshing(java.time.Duration.ofMillis(200));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (b.server().hub().mirrors().listAsAdministrator().get(0).state().refreshes() == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }

    assertThat(main(b, "alice/gpt")).isEqualTo(main(a, "alice/gpt"));
    JsonNode listed = json(b, "/api/mirrors").get(0);
    assertThat(listed.toString()).doesNotContain("secret");
    assertThat(listed.get("repositories")).hasSize(1);
  }

  @Test
  void badInputIsRefusedWithAPreciseErrorAndChangesNothing() throws Exception {
    startSource();
    startMirror("");
    b.user("alice").repo("alice/gpt", false);
    MirrorService mirrors = b.server().hub().mirrors();

    assertThatThrownBy(
            () ->
                mirrors.addAsAdministrator(
                    new MirrorService.AddRequest(
                        "ftp://example.org",
                        List.of("alice/bench"),
                        List.of(),
                        Optional.empty(),
                        Optional.empty())))
        .isInstanceOf(HubException.class)
        .hasMessage("a mirror's source must be an http or https URL, not ftp://example.org");
    assertThatThrownBy(
            () ->
                mirrors.addAsAdministrator(
                    new MirrorService.AddRequest(
                        a.baseUrl(),
                        List.of("alice/nothing"),
                        List.of(),
                        Optional.empty(),
                        Optional.empty())))
        .hasMessageStartingWith("datasets/alice/nothing not found at " + a.baseUrl() + " (HTTP ");
    assertThatThrownBy(() -> add(Optional.empty(), "alice/gpt"))
        .hasMessage(
            "alice/gpt exists on this hub and is not a mirror of "
                + a.baseUrl()
                + "/alice/gpt: nothing changed");

    assertThat(mirrors.listAsAdministrator()).isEmpty();
    assertThat(
            b.server()
                .hub()
                .storage()
                .repositories()
                .find(RepoId.parsePath("datasets/alice/bench").orElseThrow()))
        .isEmpty();
  }
}
