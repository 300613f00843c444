package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller cannot see is never revealed. Two hubs hold the same public repositories; one also
 * holds alice's private model {@code alice/Secret-Model} (with results and a discussion) and
 * private benchmark {@code alice/Secret-Bench} (with tasks that a public model's results name).
 * Every request of the table below (every API route, the files, git over HTTP, every page and
 * form), made by an anonymous visitor, by the signed-in stranger bob (with a write token, and with
 * a read token) and with a token of no one, must get the same answer from both hubs — status,
 * headers and body, once request ids, dates, ports, commit ids and CSRF tokens are normalised — so
 * a private repository reads exactly as a missing one, in every spelling of its name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class PrivateRepositoriesRevealNothingIT {

  /**
   * One client for every request without a session: a client per request would hold a connection
   * each.
   */
  private static final HttpClient ANONYMOUS = HttpClient.newHttpClient();

  /**
   * The private repositories' names as created, and in another spelling (names match in any case).
   */
  private static final List<String> MODELS = List.of("alice/Secret-Model", "ALICE/secret-model");

  private static final List<String> DATASETS = List.of("alice/Secret-Bench", "Alice/SECRET-bench");
  private static final String RESULT = "- dataset:\n    id: %s\n    task_id: %s\n  value: %s\n";
  private static final String EVAL_YAML =
      "name: %s\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n  - id: t2\n";
  private static final String NDJSON =
      "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n"
          + "{\"key\":\"file\",\"value\":{\"path\":\"x.txt\",\"content\":\"eA==\"}}\n";

  /** The model page's log upload: the session's CSRF token and one (unreadable) log. */
  private static final String LOG_UPLOAD =
      "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
          + "--B\r\nContent-Disposition: form-data; name=\"logs\"; filename=\"r.json\"\r\n\r\n"
          + "{}\r\n--B--\r\n";

  /**
   * Every request: method, path ({@code {m}} a model name, {@code {d}} a dataset name), body
   * ({@code {csrf}} the session's token) and content type. Each route of the hub appears at least
   * once ({@link #tableCoversEveryRoute}).
   */
  private static final List<String[]> TABLE =
      List.of(
          // Hugging Face API, models
          req("GET", "/api/models/{m}"),
          req("GET", "/api/models/{m}?expand[]=evalResults"),
          req("GET", "/api/models/{m}/revision/main"),
          req("GET", "/api/models/{m}/revision/refs%2Fpr%2F1"),
          req("GET", "/api/models/{m}/tree/main"),
          req("GET", "/api/models/{m}/tree/main/.eval_results"),
          req("GET", "/api/models/{m}/tree/main/nothing"),
          req("GET", "/api/models/{m}/tree/refs/pr/1"),
          req(
              "POST",
              "/api/models/{m}/paths-info/main",
              "{\"paths\":[\"README.md\",\".eval_results/r.yaml\"]}",
              "json"),
          req(
              "POST",
              "/api/models/{m}/preupload/main",
              "{\"files\":[{\"path\":\"a.txt\",\"size\":1}]}",
              "json"),
          req("POST", "/api/models/{m}/commit/main", NDJSON, "ndjson"),
          req("POST", "/api/models/{m}/commit/main?create_pr=1", NDJSON, "ndjson"),
          req("POST", "/api/models/{m}/commit/refs%2Fpr%2F1", NDJSON, "ndjson"),
          req("GET", "/{m}/resolve/main/.eval_results/r.yaml"),
          req("HEAD", "/{m}/resolve/main/.eval_results/r.yaml"),
          req("GET", "/{m}/raw/main/nothing.txt"),
          req("HEAD", "/{m}/raw/main/.eval_results/r.yaml"),
          req("GET", "/{m}/resolve/nobranch/x"),
          req("GET", "/datasets/{d}/raw/main/eval.yaml"),
          req("HEAD", "/datasets/{d}/resolve/main/eval.yaml"),
          req("HEAD", "/datasets/{d}/raw/main/eval.yaml"),
          req(
              "POST",
              "/api/repos/create",
              "{\"name\":\"secret-model\",\"organization\":\"alice\"}",
              "json"),
          req(
              "POST",
              "/api/repos/create",
              "{\"name\":\"secret-bench\",\"organization\":\"alice\",\"type\":\"dataset\"}",
              "json"),
          req(
              "DELETE",
              "/api/repos/delete",
              "{\"name\":\"secret-model\",\"organization\":\"alice\"}",
              "json"),
          req(
              "DELETE",
              "/api/repos/delete",
              "{\"name\":\"secret-bench\",\"organization\":\"alice\",\"type\":\"dataset\"}",
              "json"),
          // discussions and history
          req("GET", "/api/models/{m}/discussions"),
          req("GET", "/api/models/{m}/discussions?type=pull_request"),
          req("GET", "/api/models/{m}/discussions/1"),
          req("GET", "/api/models/{m}/discussions/2"),
          req("POST", "/api/models/{m}/discussions", "{\"title\":\"hi\"}", "json"),
          req("POST", "/api/models/{m}/discussions/1/comment", "{\"comment\":\"hi\"}", "json"),
          req("POST", "/api/models/{m}/discussions/1/status", "{\"status\":\"closed\"}", "json"),
          req("PATCH", "/api/models/{m}/discussions/1/status", "{\"status\":\"closed\"}", "json"),
          req("POST", "/api/models/{m}/discussions/1/merge", "", "json"),
          // flags (issue 14)
          req("GET", "/api/models/{m}/flags"),
          req("GET", "/api/models/{m}/flags?status=open"),
          req("GET", "/api/models/{m}/flags/1"),
          req("GET", "/api/models/{m}/flags/2"),
          req(
              "POST",
              "/api/models/{m}/flags",
              "{\"category\":\"contamination\",\"target\":{\"filename\":\".eval_results/r.yaml\","
                  + "\"dataset\":\"alice/open-bench\",\"task_id\":\"t1\"},\"evidence\":\"e\"}",
              "json"),
          req("POST", "/api/models/{m}/flags/1/comment", "{\"comment\":\"hi\"}", "json"),
          req(
              "POST",
              "/api/models/{m}/flags/1/resolve",
              "{\"resolution\":\"upheld\",\"comment\":\"c\"}",
              "json"),
          req("GET", "/api/models/{m}/results/history"),
          req("GET", "/api/models/{m}/results/history?task_id=t1"),
          // results as Every Eval Ever records, and evaluation logs imported
          req("GET", "/api/models/{m}/results/eee"),
          req("GET", "/api/models/{m}/results/eee?file=.eval_results/r.yaml&index=0"),
          // a model's methodology spread, of the private model and of results naming the private
          // benchmark
          req("GET", "/api/models/{m}/results/spread"),
          req("GET", "/api/models/{m}/results/spread?dataset=alice/open-bench&task_id=t1"),
          req("GET", "/api/models/alice/public-model/results/spread?dataset={d}&task_id=t1"),
          req("GET", "/api/models/alice/public-model/results/spread?dataset={d}"),
          req("GET", "/api/models/alice/public-model/results/spread"),
          // lineage: of the private model, of a public model whose card names it as a parent,
          // and of its parent (the private model's card names it)
          req("GET", "/api/models/{m}/lineage"),
          req("GET", "/api/models/alice/public-model/lineage"),
          req("GET", "/api/models/alice/public-base/lineage"),
          req("GET", "/api/datasets/alice/open-bench/leaderboards?fold=base_model"),
          req("POST", "/api/models/{m}/results/import?filename=r.json&dry_run=1", "{}", "json"),
          req("POST", "/api/models/{m}/results/import?filename=r.json&create_pr=1", "{}", "json"),
          // datasets and benchmarks
          req("GET", "/api/datasets/{d}"),
          req("GET", "/api/datasets/{d}/revision/main"),
          req("GET", "/api/datasets/{d}/tree/main"),
          req("GET", "/datasets/{d}/resolve/main/eval.yaml"),
          req("POST", "/api/datasets/{d}/paths-info/main", "{\"paths\":[\"eval.yaml\"]}", "json"),
          req("POST", "/api/datasets/{d}/preupload/main", "{\"files\":[]}", "json"),
          req("POST", "/api/datasets/{d}/commit/main", NDJSON, "ndjson"),
          req("GET", "/api/datasets/{d}/leaderboard"),
          req("GET", "/api/datasets/{d}/leaderboard?task_id=t1"),
          req("GET", "/api/datasets/{d}/leaderboard?task_id=t9"),
          req("GET", "/api/datasets/{d}/leaderboards"),
          // a benchmark's public changes record (issue 14), and its leaderboard with invalidated
          // rows
          req("GET", "/api/datasets/{d}/changes"),
          req("GET", "/api/datasets/{d}/leaderboard?include_invalidated=true"),
          req("GET", "/api/datasets/{d}/leaderboard.csv"),
          req("GET", "/api/datasets/{d}/leaderboard.csv?task_id=t1"),
          req("GET", "/api/datasets/{d}/leaderboard.parquet"),
          req("GET", "/api/datasets/{d}/leaderboard.parquet?task_id=t9"),
          req("GET", "/api/datasets/{d}/compare?task_id=t1&a=alice/public-model&b=alice/x"),
          req("GET", "/api/datasets/{d}/compare?task_id=t9&a=alice/public-model&b=alice/x"),
          req("GET", "/api/datasets/{d}/discrepancies"),
          req("GET", "/api/datasets/{d}/discrepancies?task_id=t1"),
          req("GET", "/api/datasets/{d}/discrepancies?task_id=t9"),
          req("GET", "/api/datasets/{d}/discussions"),
          req("GET", "/api/datasets/{d}/results/history"),
          // listings, search, counts, results that name the private benchmark
          req("GET", "/api/models"),
          req("GET", "/api/models?author=alice"),
          req("GET", "/api/models?search=secret"),
          req("GET", "/api/models?author=alice&full=true&sort=lastModified"),
          req("GET", "/api/models?limit=1"),
          req("GET", "/api/models?filter=eval-results"),
          req("GET", "/api/datasets"),
          req("GET", "/api/datasets?author=alice"),
          req("GET", "/api/datasets?search=bench"),
          req("GET", "/api/datasets?filter=benchmark:official"),
          req("GET", "/api/datasets?filter=benchmark"),
          req("GET", "/api/models/alice/public-model?expand[]=evalResults"),
          req("GET", "/api/models/alice/public-model/results/history"),
          req("GET", "/api/datasets/alice/open-bench/leaderboard"),
          req("GET", "/api/datasets/alice/open-bench/leaderboards"),
          req("GET", "/api/datasets/alice/open-bench/discrepancies"),
          // A public model derived from the private one: the private model's upheld
          // contamination flag passes nothing on.
          req("GET", "/api/datasets/alice/open-bench/leaderboard?base_model=false"),
          req(
              "GET",
              "/api/datasets/alice/open-bench/leaderboards?base_model=false&hide_flagged=true"),
          req(
              "GET",
              "/api/datasets/alice/open-bench/compare?task_id=t1&a={m}&b=alice/public-model"),
          req(
              "GET",
              "/api/datasets/alice/open-bench/compare?task_id=t1&a=alice/public-model&b={m}"),
          // (its Parquet holds the commits' times as binary: the CSV shows the same rows, as text)
          req("GET", "/api/datasets/alice/open-bench/leaderboard.csv"),
          req("GET", "/api/whoami-v2"),
          req("GET", "/health"),
          req("GET", "/health/live"),
          req("GET", "/health/ready"),
          req("GET", "/api/keys/jwks.json"),
          req("GET", "/.well-known/jwks.json"),
          req("GET", "/api/openapi.json"),
          req(
              "POST",
              "/api/validate?type=results",
              String.format(RESULT, "alice/secret-bench", "t9", "1"),
              "yaml"),
          // git over HTTP
          req("GET", "/{m}/info/refs?service=git-upload-pack"),
          req("GET", "/{m}.git/info/refs?service=git-receive-pack"),
          req("POST", "/{m}/git-upload-pack", "0000", "git"),
          req("GET", "/datasets/{d}/info/refs?service=git-upload-pack"),
          // pages and their forms
          req("GET", "/"),
          req("GET", "/login"),
          req("POST", "/login", "csrf={csrf}&token=hf_none", "form"),
          req("POST", "/logout", "csrf=none", "form"),
          req("GET", "/search?q=secret"),
          req("GET", "/search?q=alice"),
          req("GET", "/{m}"),
          req("GET", "/{m}/history"),
          req("GET", "/{m}/history?task=t1"),
          req("GET", "/{m}/tree/main/"),
          req("GET", "/{m}/tree/main/.eval_results"),
          req("GET", "/{m}/blob/main/.eval_results/r.yaml"),
          req("GET", "/{m}/discussions/1"),
          req("GET", "/datasets/{d}"),
          req("GET", "/datasets/{d}?task=t2"),
          req("GET", "/datasets/{d}/embed/leaderboard"),
          req("GET", "/datasets/{d}/compare?task_id=t1&a=alice/public-model&b=alice/x"),
          req("GET", "/datasets/alice/open-bench/compare?task_id=t1&a={m}&b=alice/public-model"),
          req("GET", "/datasets/{d}/tree/main/"),
          req("GET", "/datasets/{d}/blob/main/eval.yaml"),
          req("GET", "/datasets/{d}/discussions/1"),
          req("GET", "/alice/public-model"),
          req("GET", "/datasets/alice/open-bench"),
          req("POST", "/{m}/discussions/1/comment", "csrf={csrf}&comment=hi", "form"),
          req("POST", "/{m}/discussions/1/close", "csrf={csrf}", "form"),
          req("POST", "/{m}/discussions/1/merge", "csrf={csrf}", "form"),
          req("GET", "/{m}/discussions/2"),
          req("POST", "/{m}/discussions/2/uphold", "csrf={csrf}&comment=c", "form"),
          req("POST", "/{m}/discussions/2/reject", "csrf={csrf}", "form"),
          req("POST", "/{m}/discussions/2/comment", "csrf={csrf}&comment=hi", "form"),
          req(
              "POST",
              "/{m}/flags",
              "csrf={csrf}&category=other&filename=.eval_results/r.yaml&dataset=alice/open-bench"
                  + "&task_id=t1&evidence=e",
              "form"),
          req("POST", "/{m}/import", LOG_UPLOAD, "multipart"),
          req("POST", "/{m}/import/open", "csrf={csrf}&upload=none", "form"),
          req("POST", "/datasets/{d}/discussions/1/reopen", "csrf={csrf}", "form"),
          // The evaluation runner's jobs: a job naming a private model or benchmark reads as one
          // naming a missing repository.
          req("GET", "/api/jobs"),
          req("GET", "/api/jobs?model={m}"),
          req("GET", "/api/jobs/1"),
          req("GET", "/api/jobs/1/log"),
          req(
              "POST",
              "/api/jobs",
              "{\"model\":\"{m}\",\"benchmark\":\"alice/open-bench\",\"task\":\"t1\"}",
              "json"),
          req(
              "POST",
              "/api/jobs",
              "{\"model\":\"alice/public-model\",\"benchmark\":\"{d}\",\"task\":\"t1\"}",
              "json"),
          req("POST", "/api/jobs/1/cancel"),
          req("POST", "/api/jobs/1/retry"),
          req("GET", "/jobs/1"),
          // Change feeds and webhooks: a private repository's feed, and a webhook watching it, read
          // as a missing one's; the hub's and a public benchmark's feeds list no private event.
          req("GET", "/feed.atom"),
          req("GET", "/{m}/feed.atom"),
          req("GET", "/datasets/{d}/feed.atom"),
          req("GET", "/alice/public-model/feed.atom"),
          req("GET", "/datasets/alice/open-bench/feed.atom"),
          req("GET", "/api/settings/webhooks"),
          req(
              "POST",
              "/api/settings/webhooks",
              "{\"watched\":[{\"type\":\"model\",\"name\":\"{m}\"}],\"url\":\"http://127.0.0.1:9/h\"}",
              "json"),
          req(
              "POST",
              "/api/settings/webhooks",
              "{\"watched\":[{\"type\":\"dataset\",\"name\":\"{d}\"}],\"url\":\"http://127.0.0.1:9/h\"}",
              "json"),
          req("GET", "/api/settings/webhooks/0123456789abcdef01234567"),
          req(
              "POST",
              "/api/settings/webhooks/0123456789abcdef01234567",
              "{\"watched\":[{\"type\":\"model\",\"name\":\"{m}\"}],\"url\":\"http://127.0.0.1:9/h\"}",
              "json"),
          req("DELETE", "/api/settings/webhooks/0123456789abcdef01234567"),
          req("POST", "/api/settings/webhooks/0123456789abcdef01234567/enable"),
          req("POST", "/api/settings/webhooks/0123456789abcdef01234567/disable"),
          req("GET", "/api/settings/webhooks/0123456789abcdef01234567/deliveries"),
          req("GET", "/settings/webhooks"),
          req(
              "POST",
              "/settings/webhooks",
              "csrf={csrf}&type=model&name={m}&url=http://127.0.0.1:9/h&domain=repo",
              "form"),
          req(
              "POST",
              "/settings/webhooks",
              "csrf={csrf}&type=dataset&name={d}&url=http://127.0.0.1:9/h&domain=repo",
              "form"),
          req("POST", "/settings/webhooks/0123456789abcdef01234567/disable", "csrf={csrf}", "form"),
          req("POST", "/jobs", "csrf={csrf}&model={m}&benchmark=alice/open-bench&task=t1", "form"),
          req(
              "POST",
              "/jobs",
              "csrf={csrf}&model=alice/public-model&benchmark={d}&task=t1",
              "form"));

  @TempDir static Path temp;
  private Hub withPrivate;
  private Hub withoutPrivate;

  /** A hub, and a session of bob's on its pages. */
  private record Hub(
      TestHub hub, String bobToken, String bobReadToken, HttpClient bobPages, String bobCsrf) {}

  /**
   * Who asks: nobody, bob (write token, and signed in on the pages), bob with a read token, a token
   * of no one.
   */
  private static final List<String> CALLERS =
      List.of("anonymous", "bob", "bob-read", "unknown-token");

  @BeforeAll
  void startHubs() throws Exception {
    withPrivate = start(temp.resolve("with"), true);
    withoutPrivate = start(temp.resolve("without"), false);
  }

  @AfterAll
  void stopHubs() {
    withPrivate.hub().close();
    withoutPrivate.hub().close();
  }

  private static String[] req(String method, String path) {
    return new String[] {method, path, null, null};
  }

  private static String[] req(String method, String path, String body, String type) {
    return new String[] {method, path, body, type};
  }

  private static Hub start(Path data, boolean privateRepos) throws Exception {
    TestHub hub = new TestHub(data).user("alice").user("bob");
    String bob = hub.token("bob", Role.WRITE);
    if (privateRepos) {
      hub.repo(MODELS.get(0), true).repo("datasets/" + DATASETS.get(0), true);
      commit(hub, "datasets/" + DATASETS.get(0), "eval.yaml", String.format(EVAL_YAML, "Secret"));
      commit(
          hub,
          MODELS.get(0),
          ".eval_results/r.yaml",
          String.format(RESULT, "alice/open-bench", "t1", "9"));
      commit(
          hub, MODELS.get(0), "README.md", "---\nbase_model: alice/public-base\n---\n# secret\n");
      // A second source disagreeing with the first: a discrepancy of the private model.
      commit(
          hub,
          MODELS.get(0),
          ".eval_results/s.yaml",
          String.format(RESULT, "alice/open-bench", "t1", "7"));
      hub.server()
          .hub()
          .storage()
          .pullRequests()
          .open(
              RepoId.parsePath(MODELS.get(0)).orElseThrow(),
              "alice",
              new NewDiscussion("Secret discussion", "about t2", false));
      RepoId secret = RepoId.parsePath(MODELS.get(0)).orElseThrow();
      int flag =
          hub.server()
              .hub()
              .storage()
              .pullRequests()
              .openFlag(
                  secret,
                  "alice",
                  new NewDiscussion("Flag", "secret evidence", false),
                  new Flag(
                      FlagCategory.CONTAMINATION,
                      new FlagTarget(".eval_results/r.yaml", "alice/open-bench", "t1", "", ""),
                      List.of(),
                      Optional.empty()))
              .number()
              .value();
      hub.server()
          .hub()
          .storage()
          .pullRequests()
          .resolveFlag(secret, new PrNumber(flag), "alice", FlagStatus.UPHELD, "yes");
      hub.server()
          .hub()
          .storage()
          .pullRequests()
          .open(
              RepoId.parsePath("datasets/" + DATASETS.get(0)).orElseThrow(),
              "alice",
              new NewDiscussion("Secret", "", false));
    }
    hub.repo("datasets/alice/open-bench", false).repo("alice/public-model", false);
    hub.repo("alice/public-base", false);
    // Lineage: the public model names the private one (or, on the other hub, a missing one) as its
    // parent.
    commit(
        hub,
        "alice/public-model",
        "README.md",
        "---\nbase_model:\n- alice/secret-model\n- alice/public-base\n---\n# public\n");
    commit(hub, "datasets/alice/open-bench", "eval.yaml", String.format(EVAL_YAML, "Open"));
    commit(
        hub,
        "alice/public-model",
        ".eval_results/r.yaml",
        String.format(RESULT, "alice/open-bench", "t1", "1")
            + String.format(RESULT, "alice/secret-bench", "t1", "2")
            + String.format(RESULT, "alice/secret-bench", "t9", "3")
            + String.format(RESULT, "ALICE/Secret-Bench", "t2", "4"));
    commit(hub, "alice/public-model", "README.md", "---\nbase_model: alice/secret-model\n---\n");
    HttpClient pages = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String login =
        pages
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    pages.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf(login) + "&token=" + bob))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    String home =
        pages
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(home).as("bob is signed in").contains("bob");
    return new Hub(hub, bob, hub.token("bob", Role.READ), pages, csrf(home));
  }

  private static void commit(TestHub hub, String repo, String path, String content) {
    assertThat(
            TestStorage.commitFile(
                    hub.server().hub().storage(),
                    RepoId.parsePath(repo).orElseThrow(),
                    path,
                    content,
                    "seed",
                    "alice")
                .isCommitted())
        .isTrue();
  }

  private static String csrf(String page) {
    Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as("a form with a CSRF token in:\n" + page).isTrue();
    return matcher.group(1);
  }

  /**
   * The request {@code r} with its names filled in, as {@code caller} (one of {@link #CALLERS}),
   * normalised.
   */
  private static String answer(Hub hub, String[] r, String model, String dataset, String caller)
      throws Exception {
    boolean bob = caller.equals("bob");
    String path = r[1].replace("{m}", model).replace("{d}", dataset);
    String body = r[2] == null ? null : r[2].replace("{csrf}", bob ? hub.bobCsrf() : "none");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(hub.hub().baseUrl() + path))
            .method(
                r[0],
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (r[3] != null) {
      request.header(
          "Content-Type",
          Map.of(
                  "json",
                  "application/json",
                  "ndjson",
                  "application/x-ndjson",
                  "yaml",
                  "application/yaml",
                  "git",
                  "application/x-git-upload-pack-request",
                  "form",
                  "application/x-www-form-urlencoded",
                  "multipart",
                  "multipart/form-data; boundary=B")
              .get(r[3]));
    }
    Optional<String> token =
        switch (caller) {
          case "bob" -> Optional.of(hub.bobToken());
          case "bob-read" -> Optional.of(hub.bobReadToken());
          case "unknown-token" -> Optional.of("hf_" + "x".repeat(34));
          default -> Optional.empty();
        };
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpClient client = bob ? hub.bobPages() : ANONYMOUS;
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    for (String dropped :
        List.of("date", "x-request-id", "set-cookie", "content-length", "connection")) {
      headers.remove(dropped);
    }
    return normalise(response.statusCode() + "\n" + headers + "\n" + response.body());
  }

  private static String normalise(String answer) {
    return answer
        .replaceAll("127\\.0\\.0\\.1:\\d+", "HOST")
        .replaceAll("[0-9a-f]{40}", "SHA")
        .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "TIME")
        .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}", "TIME")
        .replaceAll("name=\"csrf\" value=\"[^\"]+\"", "CSRF");
  }

  @Test
  void everyAnswerIsTheSameWhetherAPrivateRepositoryExistsOrNot() throws Exception {
    List<Callable<Optional<String>>> comparisons = new ArrayList<>();
    for (String caller : CALLERS) {
      for (String[] r : TABLE) {
        boolean named = r[1].contains("{m}") || r[1].contains("{d}");
        for (int spelling = 0; spelling < (named ? MODELS.size() : 1); spelling++) {
          String model = MODELS.get(spelling);
          String dataset = DATASETS.get(spelling);
          comparisons.add(
              () -> {
                String with = answer(withPrivate, r, model, dataset, caller);
                String without = answer(withoutPrivate, r, model, dataset, caller);
                return with.equals(without)
                    ? Optional.empty()
                    : Optional.of(
                        caller
                            + " "
                            + r[0]
                            + " "
                            + r[1]
                            + " ("
                            + model
                            + ", "
                            + dataset
                            + ")\n  with the private repositories: "
                            + with.replace("\n", "\n    ")
                            + "\n  without them:                  "
                            + without.replace("\n", "\n    "));
              });
        }
      }
    }
    // No request of the table changes anything, so they may run side by side.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<String> differences = new ArrayList<>();
    try {
      for (Future<Optional<String>> difference : pool.invokeAll(comparisons)) {
        difference.get().ifPresent(differences::add);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(comparisons).hasSizeGreaterThan(500);
    assertThat(differences).as(differences.size() + " answers differ").isEmpty();
  }

  @Test
  void privateRepositoriesExistForTheirOwner() throws Exception {
    HubHttp alice = new HubHttp(withPrivate.hub().baseUrl());
    String token = withPrivate.hub().token("alice", Role.READ);

    assertThat(alice.get("/api/models/alice/secret-model", token).statusCode()).isEqualTo(200);
    assertThat(
            alice
                .get("/api/datasets/alice/secret-bench/leaderboard?task_id=t2", token)
                .statusCode())
        .isEqualTo(200);
    assertThat(alice.get("/api/models/alice/public-model?expand[]=evalResults", token).body())
        .as("alice sees her private benchmark's badge")
        .contains("\"leaderboard\"", "alice/Secret-Bench/t1");
  }

  @Test
  void tableCoversEveryRoute() {
    List<String> uncovered = new ArrayList<>();
    List<String> routes =
        withPrivate.hub().server().allRoutes().stream()
            .map(route -> route.method().name() + " " + route.path())
            .toList();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String regex = routeRegex(route.substring(method.length() + 1));
      // The stylesheet and Javalin's before-handler (the request id) name no repository; the
      // metrics count the whole hub's traffic, so they differ between the two hubs by design, and
      // name no repository (OperationsIT.metricsNeverNameAPrivateRepositoryOrItsOwner).
      boolean covered =
          route.endsWith(".css")
              || route.equals("BEFORE *")
              || route.equals("GET /metrics")
              || TABLE.stream()
                  .anyMatch(
                      r -> r[0].equals(method) && r[1].replaceAll("\\?.*", "").matches(regex));
      if (!covered) {
        uncovered.add(route);
      }
    }
    assertThat(routes).hasSizeGreaterThan(40);
    assertThat(uncovered).as("routes missing from the table").isEmpty();
  }

  /** A route's path as a pattern over the table's paths. */
  private static String routeRegex(String path) {
    StringBuilder regex = new StringBuilder();
    Matcher m = Pattern.compile("\\{type}|\\{ns}/\\{name}|\\{[a-z]+}|<tail>").matcher(path);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(last, m.start())));
      regex.append(
          switch (m.group()) {
            case "{type}" -> "(models|datasets)";
            case "{ns}/{name}" -> "(\\{[md]}|alice/[a-z-]+)";
            case "{action}" -> "(comment|close|merge|reopen)";
            case "<tail>" -> ".+";
            default -> "[^/]+";
          });
      last = m.end();
    }
    return regex.append(Pattern.quote(path.substring(last))).toString();
  }
}
