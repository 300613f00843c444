package dev.evalhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.testing.GitCli;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients of the multi-instance test, all through the load balancer until a deadline: one
 * pushes with the git command line, two commit with the Hugging Face commit API to the same branch
 * (so they race), one opens pull requests and merges them, one reads a leaderboard, and a browser
 * signed in once reads pages (its session must hold on every instance). Each answer is counted in a
 * {@link ClientOutcomes}, each acknowledged write recorded there. A failed write is not retried as
 * such: the next one goes on (a push carries the commits of a failed one along).
 */
final class ClusterWorkload {

  /** The benchmark every result names. */
  static final String BENCHMARK = "alice/bench";

  static final String PUSHED = "alice/pushed";
  static final String COMMITTED = "alice/committed";
  static final String PROPOSED = "alice/prs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String alice;
  private final String bob;
  private final GitCli git;
  private final Path work;
  private final ClientOutcomes outcomes = new ClientOutcomes();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile long deadline;

  /**
   * Clients of the hub at {@code baseUrl} (the load balancer), writing as {@code alice} (who owns
   * the repositories) and {@code bob} (who proposes), git's files in {@code work}.
   */
  ClusterWorkload(String baseUrl, String alice, String bob, Path work) {
    this.baseUrl = baseUrl;
    this.alice = alice;
    this.bob = bob;
    this.work = work;
    this.git = new GitCli(work.resolve("home")).withTimeout(Duration.ofSeconds(60));
  }

  ClientOutcomes outcomes() {
    return outcomes;
  }

  /**
   * Starts the clients (the clone of the pushed repository is made first); they stop at {@code
   * until}.
   */
  List<Future<?>> start(ExecutorService pool, long until) {
    this.deadline = until;
    HttpClient browser = signedIn();
    Path clone =
        git.clone(baseUrl.replace("http://", "http://x:" + alice + "@") + "/" + PUSHED, work);
    List<Future<?>> clients = new ArrayList<>();
    clients.add(pool.submit(() -> pusher(clone)));
    clients.add(pool.submit(() -> committer("a")));
    clients.add(pool.submit(() -> committer("b")));
    clients.add(pool.submit(this::proposer));
    clients.add(pool.submit(this::reader));
    clients.add(pool.submit(() -> browse(browser)));
    return clients;
  }

  static ExecutorService pool() {
    return Executors.newFixedThreadPool(6);
  }

  private boolean running() {
    return System.nanoTime() < deadline;
  }

  private void pusher(Path clone) {
    for (int n = 1; running(); n++) {
      git.commitFile(clone, ".eval_results/p" + n + ".yaml", result(n), "push " + n);
      GitCli.Result push = git.run(clone, "push", "-q", "origin", "HEAD:main");
      if (push.ok()) {
        String head = git.ok(clone, "rev-parse", "HEAD").strip();
        outcomes.ack(new ClientOutcomes.Ack("push", repo(PUSHED), "refs/heads/main", head));
      } else {
        outcomes.failed(
            "push", "push " + n, ClientOutcomes.kindOfGit(push.output()), push.output());
      }
    }
  }

  private void committer(String name) {
    for (int n = 1; running(); n++) {
      String file = ".eval_results/c" + name + n + ".yaml";
      Answer answer = post("/api/models/" + COMMITTED + "/commit/main", alice, ndjson(file, n));
      if (answer.ok()) {
        outcomes.ack(
            new ClientOutcomes.Ack(
                "commit",
                repo(COMMITTED),
                "refs/heads/main",
                answer.json().get("commitOid").asText()));
      } else {
        outcomes.failed("commit", "commit " + file, answer.kind(), answer.body());
      }
    }
  }

  private void proposer() {
    Deque<Integer> unmerged = new ArrayDeque<>();
    for (int n = 1; running(); n++) {
      String file = ".eval_results/pr" + n + ".yaml";
      Answer opened =
          post("/api/models/" + PROPOSED + "/commit/main?create_pr=1", bob, ndjson(file, n));
      if (opened.ok()) {
        String url = opened.json().get("pullRequestUrl").asText();
        int number = Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
        outcomes.ack(
            new ClientOutcomes.Ack(
                "open pull request",
                repo(PROPOSED),
                "refs/pr/" + number,
                opened.json().get("commitOid").asText()));
        unmerged.add(number);
      } else {
        outcomes.failed(
            "open pull request", "open pull request " + n, opened.kind(), opened.body());
      }
      Integer number = unmerged.poll();
      if (number != null && !merge(number)) {
        unmerged.addFirst(number);
      }
    }
  }

  /**
   * Merges {@code number}; false when it should be tried again (the answer was a retryable error).
   */
  private boolean merge(int number) {
    String path = "/api/models/" + PROPOSED + "/discussions/" + number;
    Answer merged = post(path + "/merge", alice, "");
    if (merged.ok()) {
      outcomes.merged(
          new ClientOutcomes.Merge(
              repo(PROPOSED), number, merged.json().get("mergeCommitId").asText()));
      return true;
    }
    outcomes.failed("merge", "merge #" + number, merged.kind(), merged.body());
    if (merged.status() == 409 && merged.body().contains("is merged")) {
      // An earlier attempt whose answer was lost did merge: main holds the merge.
      outcomes.landedUnacknowledged(number);
      return true;
    }
    // A merge whose answer was lost may have happened: ask before trying again.
    Answer details = get(path, alice);
    return details.ok() && details.json().path("status").asText().equals("merged");
  }

  /** The status ({@code open}, {@code merged}, ...) of pull request {@code number} now. */
  String pullRequestStatus(int number) {
    Answer details = get("/api/models/" + PROPOSED + "/discussions/" + number, alice);
    return details.ok() ? details.json().path("status").asText() : details.kind();
  }

  private void reader() {
    while (running()) {
      Answer board = get("/api/datasets/" + BENCHMARK + "/leaderboard?task_id=t1", null);
      if (board.ok()) {
        outcomes.ok("leaderboard read");
      } else {
        outcomes.failed("leaderboard read", "leaderboard read", board.kind(), board.body());
      }
    }
  }

  /** A browser (cookies kept) signed in as alice through the sign-in form. */
  private HttpClient signedIn() {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Answer form = send(browser, request("/login", null).GET());
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    if (!form.ok() || !csrf.find()) {
      throw new AssertionError("no sign-in form: " + form.status() + " " + form.body());
    }
    Answer signIn =
        send(
            browser,
            request("/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf=" + csrf.group(1) + "&token=" + alice)));
    if (signIn.status() != 303) {
      throw new AssertionError("sign-in failed: " + signIn.status() + " " + signIn.body());
    }
    return browser;
  }

  /**
   * Reads the benchmark's page again and again with the signed-in session: each instance must know
   * the session (it lives in the database), so every page shows the sign-out form.
   */
  private void browse(HttpClient browser) {
    while (running()) {
      Answer page = send(browser, request("/datasets/" + BENCHMARK, null).GET());
      if (page.ok() && page.body().contains("action=\"/logout\"")) {
        outcomes.ok("page read signed in");
      } else if (page.ok()) {
        outcomes.failed("page read", "page read", "signed out", "the session is unknown here");
      } else {
        outcomes.failed("page read", "page read", page.kind(), page.body());
      }
    }
  }

  /** A result of the benchmark with value {@code n}. */
  static String result(int n) {
    return "- dataset:\n    id: " + BENCHMARK + "\n    task_id: t1\n  value: " + n + ".5\n";
  }

  /** The path of a model repository below the data folder's {@code repos/}. */
  static String repo(String model) {
    return "models/" + model + ".git";
  }

  private static String ndjson(String file, int n) {
    return "{\"key\":\"header\",\"value\":{\"summary\":\"add "
        + file
        + "\"}}\n"
        + "{\"key\":\"file\",\"value\":{\"content\":\""
        + Base64.getEncoder().encodeToString(result(n).getBytes(StandardCharsets.UTF_8))
        + "\",\"path\":\""
        + file
        + "\",\"encoding\":\"base64\"}}";
  }

  /** An HTTP answer, or the kind of failure that stood for one. */
  private record Answer(int status, String body, String failure) {

    boolean ok() {
      return status == 200;
    }

    /**
     * What went wrong; an error answer whose body is not the hub's JSON error (say, a proxy's HTML
     * page) is a kind of its own, not retryable.
     */
    String kind() {
      if (failure != null) {
        return failure;
      }
      return body.strip().startsWith("{")
          ? ClientOutcomes.kindOf(status)
          : "not JSON: HTTP " + status;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private Answer get(String path, String token) {
    return send(request(path, token).GET());
  }

  private Answer post(String path, String token, String body) {
    return send(
        request(path, token)
            .header("Content-Type", body.isEmpty() ? "application/json" : "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer send(HttpRequest.Builder request) {
    return send(http, request);
  }

  private static Answer send(HttpClient client, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), null);
    } catch (IOException e) {
      return new Answer(0, String.valueOf(e), ClientOutcomes.kindOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted", "interrupted");
    }
  }
}
