package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.service.Recipes;
import dev.evalhub.storage.testing.TestStorage;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation jobs' API over real HTTP (no runner runs here: the jobs stay queued): requesting
 * one, reading it and its log, cancelling and retrying it, and the refusals.
 */
class JobsApiIT {

  private static final String REQUEST =
      "{\"model\": \"alice/gpt\", \"benchmark\": \"acme/tiny\", \"task\": \"gen\"}";

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;
  private String bob;
  private String carol;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("acme")
            .user("bob")
            .user("carol")
            .repo("alice/gpt", false)
            .repo("alice/secret", true)
            .repo("datasets/acme/tiny", false);
    api = hub.api();
    bob = hub.token("bob", Role.WRITE);
    carol = hub.token("carol", Role.WRITE);
    TestStorage.commitFile(
        hub.server().hub().storage(),
        RepoId.parsePath("datasets/acme/tiny").orElseThrow(),
        "eval.yaml",
        "name: Tiny\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: gen\n",
        "seed",
        "acme");
    hub.server()
        .hub()
        .jobs()
        .useRecipes(
            Recipes.parse(
                "recipes.yaml",
                ("recipes:\n  - id: tiny\n    benchmark: acme/tiny\n"
                        + "    framework: lm-evaluation-harness\n"
                        + "    command: [run, \"{output_dir}\"]\n    timeout: 1m\n")
                    .getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aRequestedJobIsReadCancelledAndRetriedOverHttp() {
    HubApi.Response created = api.post("/api/jobs", bob, REQUEST);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode job = created.json();
    String id = job.get("id").asText();
    assertThat(job.get("state").asText()).isEqualTo("queued");
    assertThat(job.get("requestedBy").asText()).isEqualTo("bob");
    assertThat(job.get("modelRevision").asText()).hasSize(40);
    assertThat(job.get("pullRequest").isNull()).isTrue();

    assertThat(api.get("/api/jobs/" + id, null).json().get("task").asText()).isEqualTo("gen");
    HubApi.Response log = api.get("/api/jobs/" + id + "/log", null);
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.body()).isEmpty();
    assertThat(api.post("/api/jobs/" + id + "/cancel", carol).status()).isEqualTo(403);
    HubApi.Response cancelled = api.post("/api/jobs/" + id + "/cancel", bob);
    assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
    assertThat(cancelled.json().get("reason").asText()).isEqualTo("cancelled by bob");
    assertThat(api.post("/api/jobs/" + id + "/cancel", bob).status()).isEqualTo(409);
    assertThat(api.post("/api/jobs/" + id + "/retry", bob).json().get("state").asText())
        .isEqualTo("queued");
    String second = api.post("/api/jobs", carol, REQUEST).json().get("id").asText();
    JsonNode listed = api.get("/api/jobs?model=alice/gpt&state=queued", null).json();
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(second);
    assertThat(api.get("/api/jobs?state=failed", null).json()).isEmpty();
    HubApi.Response bogus = api.get("/api/jobs?state=finished", null);
    assertThat(bogus.status()).isEqualTo(400);
    assertThat(bogus.json().get("error").asText())
        .isEqualTo(
            "state must be one of queued, running, succeeded, failed, cancelled, got \"finished\"");
  }

  @Test
  void aJobHasAPageWithItsPinnedCommitsAndItsRecipesCommand() {
    String id = api.post("/api/jobs", bob, REQUEST).json().get("id").asText();

    HubApi.Response page = api.get("/jobs/" + id, null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Job " + id)
        .contains("<td id=\"job-state\">queued")
        .contains("href=\"/alice/gpt\"")
        .contains("href=\"/datasets/acme/tiny\"")
        .contains("tiny: <code>run {output_dir}</code>")
        .contains("Nothing yet: the job has not run.")
        .contains("<meta http-equiv=\"refresh\" content=\"2\">");
    api.post("/api/jobs/" + id + "/cancel", bob);
    assertThat(api.get("/jobs/" + id, null).body()).doesNotContain("http-equiv=\"refresh\"");
    assertThat(api.get("/jobs/0123456789abcdef", null).status()).isEqualTo(404);
    assertThat(api.get("/jobs/not-a-job", null).status()).isEqualTo(404);
  }

  @Test
  void requestsAreRefusedWithTheirReason() {
    assertThat(api.post("/api/jobs", null, REQUEST).status()).isEqualTo(401);
    assertThat(api.post("/api/jobs", bob, REQUEST.replace("alice/gpt", "alice/secret")).status())
        .isEqualTo(404);
    HubApi.Response noTask = api.post("/api/jobs", bob, REQUEST.replace("\"gen\"", "\"mc\""));
    assertThat(noTask.status()).isEqualTo(400);
    assertThat(noTask.body()).contains("\\\"mc\\\" is not a task of datasets/acme/tiny");
    assertThat(api.post("/api/jobs", bob, "{\"model\": \"alice/gpt\"}").status()).isEqualTo(400);
    assertThat(api.get("/api/jobs/0123456789abcdef", null).status()).isEqualTo(404);
    assertThat(api.get("/api/jobs/nope", null).status()).isEqualTo(404);
  }

  @Test
  void theBenchmarkPagesFormRequestsAJobAsTheSignedInAccount() throws Exception {
    assertThat(api.get("/datasets/acme/tiny", null).body()).doesNotContain("evaluate-form");
    HttpClient browser = signedIn(bob);
    String page = text(browser, "/datasets/acme/tiny");
    assertThat(page).contains("id=\"evaluate-form\"");
    String csrf = csrf(page);

    HttpResponse<String> requested =
        post(
            browser,
            "/jobs",
            Map.of("csrf", csrf, "model", "alice/gpt", "benchmark", "acme/tiny", "task", "gen"));
    String location = requested.headers().firstValue("Location").orElse("");

    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(303);
    assertThat(location).matches("/jobs/[0-9a-f]{16}");
    String id = location.substring("/jobs/".length());
    assertThat(api.get("/api/jobs/" + id, null).json().get("requestedBy").asText())
        .isEqualTo("bob");
    HttpResponse<String> refused =
        post(
            browser,
            "/jobs",
            Map.of("csrf", csrf, "model", "alice/gpt", "benchmark", "acme/tiny", "task", "mc"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "<p class=\"error\" id=\"message\">\"mc\" is not a task of datasets/acme/tiny; its tasks are gen");
    HttpResponse<String> forged =
        post(
            browser,
            "/jobs",
            Map.of("csrf", "x", "model", "alice/gpt", "benchmark", "acme/tiny", "task", "gen"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(api.get("/api/jobs", null).json()).hasSize(1);
  }

  @Test
  void theModelPageOffersTheRunnerForTheTasksOfItsResults() throws Exception {
    TestStorage.commitFile(
        hub.server().hub().storage(),
        RepoId.parsePath("alice/gpt").orElseThrow(),
        ".eval_results/tiny.yaml",
        "- dataset:\n    id: acme/tiny\n    task_id: gen\n  value: 0.5\n",
        "a result",
        "alice");
    assertThat(api.get("/alice/gpt", null).body()).contains("0.5").doesNotContain("/jobs");
    HttpClient browser = signedIn(bob);
    String page = text(browser, "/alice/gpt");
    assertThat(page).contains("Evaluate gen with this hub's runner");

    HttpResponse<String> requested =
        post(
            browser,
            "/jobs",
            Map.of(
                "csrf", csrf(page), "model", "alice/gpt", "benchmark", "acme/tiny", "task", "gen"));

    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(303);
    assertThat(requested.headers().firstValue("Location").orElse("")).startsWith("/jobs/");
  }

  /** A browser that signed in with {@code token} through the sign-in form (its cookie jar). */
  private HttpClient signedIn(String token) throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> signIn =
        post(client, "/login", Map.of("csrf", csrf(text(client, "/login")), "token", token));
    assertThat(signIn.statusCode()).isEqualTo(303);
    return client;
  }

  private String text(HttpClient client, String path) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> post(HttpClient client, String path, Map<String, String> fields)
      throws Exception {
    String body =
        fields.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String page) {
    Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
    return matcher.group(1);
  }
}
