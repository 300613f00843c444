package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.index.HubKeys;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.Samples;
import dev.evalhub.verification.KeyFile;
import dev.evalhub.verification.ResultsFileSigner;
import dev.evalhub.verification.TokenSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The pages in a real Chromium against a real hub on port 0, seeded through the server-side commit
 * and pull request services (the code paths of users' commits): one server and one browser for the
 * class, each test on its own repositories where it changes anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesIT {

  private static final String PLANTED_NOTES = "<script>alert('notes')</script>";
  private static final String PLANTED_SOURCE = "<script>alert('source')</script>";

  private TestHub hub;
  private Browser browser;
  private String aliceToken;

  @BeforeAll
  void seed(@TempDir Path temp) throws Exception {
    Path data = temp.resolve("data");
    HubKeys.create(data, HubKeys.DEFAULT_ISSUER);
    hub = new TestHub(data).user("alice").user("bob");
    aliceToken = hub.token("alice", Role.WRITE);
    Storage storage = hub.server().hub().storage();
    commit(
        storage,
        "datasets/alice/bench",
        "eval.yaml",
        "name: Bench\ndescription: A benchmark for the pages.\n"
            + "evaluation_framework: lm-evaluation-harness\ntasks:\n  - id: t1\n  - id: t2\n");
    commit(
        storage,
        "alice/verified-model",
        ".eval_results/r.yaml",
        sign(
            storage,
            "alice/verified-model",
            result(
                "t1",
                61.5,
                "  methodology:\n    framework: lm-evaluation-harness\n    num_fewshot: 5\n")));
    commit(
        storage,
        "alice/plain-model",
        ".eval_results/r.yaml",
        result(
                "t1",
                70.25,
                "  stderr: 0.5\n  methodology:\n    framework: lm-evaluation-harness\n"
                    + "    num_fewshot: 5\n  source:\n    url: https://example.org/run\n    name: Run log\n")
            + result("t2", 33.0, ""));
    commit(
        storage,
        "alice/zeta-model",
        ".eval_results/r.yaml",
        result(
            "t1",
            80.0,
            "  methodology:\n    framework: lm-evaluation-harness\n    num_fewshot: 5\n"));
    commit(
        storage,
        "alice/evil-model",
        ".eval_results/r.yaml",
        result(
            "t1",
            12.0,
            "  notes: \""
                + PLANTED_NOTES
                + "\"\n  source:\n    url: https://example.org/x\n    name: \""
                + PLANTED_SOURCE
                + "\"\n"));
    commit(storage, "alice/secret-model", ".eval_results/r.yaml", result("t1", 99.0, ""), true);
    commit(storage, "alice/merge-model", "README.md", "# merge model\n");
    commit(
        storage,
        "datasets/alice/tiny",
        "eval.yaml",
        "name: Tiny\ndescription: Letter choices.\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: letter\nevalhub:\n  tasks:\n    letter:\n      sources:\n"
            + "        - framework: lm-evaluation-harness\n          task: tiny_mc_letter\n"
            + "          metric: \"acc,none\"\n");
    commit(storage, "alice/import-model", "README.md", "# import model\n");
    Caller bob = storage.accounts().authenticate(hub.token("bob", Role.WRITE)).orElseThrow();
    storage
        .pullRequestCommits()
        .open(
            RepoId.parsePath("alice/merge-model").orElseThrow(),
            bob.user(),
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(
                    FileChange.put(
                        ".eval_results/bob.yaml",
                        result("t2", 88.0, "").getBytes(StandardCharsets.UTF_8))),
                "Add the t2 result",
                new AccountName("bob")));
    browser = new Browser();
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    hub.close();
  }

  @Test
  void visitorSwitchesTaskAndFiltersTheLeaderboardToVerifiedResults() {
    open("/datasets/alice/bench");
    assertThat(browser.text(By.id("current-task"))).isEqualTo("t1");
    assertThat(models())
        .containsExactly(
            "alice/zeta-model", "alice/plain-model", "alice/verified-model", "alice/evil-model");
    assertThat(browser.texts(By.className("group-heading")))
        .allMatch(heading -> heading.contains("ranked separately"));
    browser.screenshot("leaderboard");

    browser.clickToNewPage(By.linkText("t2"));
    assertThat(browser.text(By.id("current-task"))).isEqualTo("t2");
    assertThat(models()).contains("alice/plain-model").doesNotContain("alice/verified-model");

    browser.clickToNewPage(By.linkText("t1"));
    browser.click(By.id("filter-verified"));
    browser.clickToNewPage(By.id("apply-filters"));
    assertThat(browser.driver().getCurrentUrl()).contains("verified=1");
    assertThat(models()).containsExactly("alice/verified-model");
    assertThat(browser.attribute(By.cssSelector(".badge.verified"), "title"))
        .contains("signed token");
    browser.screenshot("leaderboard-verified");
  }

  @Test
  void homeListsBenchmarksWithResultCountsAndRecentPublicResults() {
    open("/");
    assertThat(browser.text(By.cssSelector(".card"))).contains("Bench", "t1: ", "t2: ");
    assertThat(browser.text(By.id("recent")))
        .contains("alice/plain-model", "70.25")
        .doesNotContain("secret");
    browser.screenshot("home");
  }

  @Test
  void leaderboardSortsByModelOnTheServer() {
    open("/datasets/alice/bench?task=t1");
    browser.clickToNewPage(By.linkText("Model"));
    assertThat(browser.driver().getCurrentUrl()).contains("sort=model");
    assertThat(models())
        .containsExactly(
            "alice/plain-model", "alice/verified-model", "alice/zeta-model", "alice/evil-model");
    browser.screenshot("leaderboard-sorted");
  }

  @Test
  void visitorOpensAModelFromTheLeaderboardAndSeesItsResultsByBenchmark() {
    open("/datasets/alice/bench");
    browser.clickToNewPage(By.linkText("alice/plain-model"));
    assertThat(browser.text(By.tagName("h1"))).isEqualTo("alice/plain-model");
    assertThat(browser.text(By.cssSelector("table.results")))
        .contains("70.25", "± 0.5", "t2", "33");
    assertThat(browser.attribute(By.linkText("Run log"), "href"))
        .isEqualTo("https://example.org/run");
    browser.clickToNewPage(By.id("files-link"));
    assertThat(browser.text(By.id("tree"))).contains(".eval_results");
    browser.screenshot("model-files");
  }

  @Test
  void ownerSignsInMergesThePullRequestAndTheLeaderboardChanges() {
    open("/datasets/alice/bench?task=t2");
    assertThat(models()).first().isEqualTo("alice/merge-model");
    assertThat(browser.attribute(By.cssSelector(".badge.community"), "title")).contains("PR #1");
    assertThat(browser.attribute(By.linkText("PR #1"), "href"))
        .endsWith("/alice/merge-model/discussions/1");
    browser.click(By.id("filter-community"));
    browser.clickToNewPage(By.id("apply-filters"));
    assertThat(models()).doesNotContain("alice/merge-model");

    signIn(aliceToken);
    assertThat(browser.text(By.id("signed-in-user"))).isEqualTo("alice");
    browser.open(hub.baseUrl() + "/alice/merge-model");
    browser.clickToNewPage(By.cssSelector("a.pull-request"));
    assertThat(browser.text(By.id("pr-title"))).isEqualTo("Add the t2 result");
    assertThat(browser.text(By.id("changes"))).contains("t2", "added", "88");
    browser.type(By.id("comment"), "Checked against the <b>log</b>.");
    browser.clickToNewPage(By.id("post-comment"));
    assertThat(browser.texts(By.cssSelector(".event.comment p")))
        .contains("Checked against the <b>log</b>.");
    browser.screenshot("pull-request-open");
    browser.clickToNewPage(By.id("merge"));
    assertThat(browser.text(By.id("pr-status"))).isEqualTo("merged");
    browser.screenshot("pull-request-merged");

    browser.open(hub.baseUrl() + "/datasets/alice/bench?task=t2&filtered=1");
    assertThat(models()).first().isEqualTo("alice/merge-model");
    browser.clickToNewPage(By.cssSelector("header form button"));
    assertThat(browser.texts(By.id("signed-in-user"))).isEmpty();
  }

  @Test
  void signedInUserPreviewsAnLmEvalLogOnTheModelPageAndOpensItsPullRequest() {
    open("/alice/import-model");
    assertThat(browser.texts(By.id("import-form"))).isEmpty();
    Path tiny = Samples.root().resolve("lm-eval/generated-tiny").toAbsolutePath();

    signIn(aliceToken);
    browser.open(hub.baseUrl() + "/alice/import-model");
    browser
        .find(By.id("logs"))
        .sendKeys(
            tiny.resolve("results_2026-11-27T16-36-41.214631.json")
                + "\n"
                + tiny.resolve("samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl"));
    browser.clickToNewPage(By.id("preview-import"));

    assertThat(browser.text(By.id("planned")))
        .contains("alice/tiny", "letter", "0.625", "loglikelihood_letter");
    assertThat(browser.text(By.id("details")))
        .contains(".eval_results/details/samples_tiny_mc_letter_", "lm-eval-samples");
    browser.screenshot("import-preview");
    browser.clickToNewPage(By.id("open-pr"));
    assertThat(browser.driver().getCurrentUrl()).contains("/alice/import-model/discussions/");
    assertThat(browser.text(By.id("changes"))).contains("letter", "added", "0.625");
    browser.screenshot("import-pull-request");
  }

  @Test
  void plantedScriptsInNotesAndSourceNamesAreShownAsTextAndNeverRun() {
    open("/datasets/alice/bench?task=t1");
    assertNoAlert();
    assertThat(browser.text(By.tagName("body"))).contains(PLANTED_NOTES, PLANTED_SOURCE);
    browser.open(hub.baseUrl() + "/alice/evil-model");
    assertNoAlert();
    assertThat(browser.text(By.tagName("body"))).contains(PLANTED_NOTES, PLANTED_SOURCE);
    assertThat(browser.texts(By.tagName("script"))).isEmpty();
    browser.screenshot("planted-scripts");
  }

  @Test
  void privateModelsAppearNeitherOnLeaderboardsNorInSearchNorAtTheirAddress() throws Exception {
    open("/datasets/alice/bench?task=t1");
    assertThat(models()).doesNotContain("alice/secret-model");
    browser.open(hub.baseUrl() + "/search?q=model");
    assertThat(browser.text(By.tagName("main")))
        .contains("alice/plain-model")
        .doesNotContain("secret");
    assertThat(get("/alice/secret-model").statusCode()).isEqualTo(404);
  }

  @Test
  void everyPageSendsTheStrictPolicyAndOnlyTheEmbedMayBeFramed() throws Exception {
    HttpResponse<String> benchmark = get("/datasets/alice/bench");
    assertThat(benchmark.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'none'; "
                + "style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    assertThat(benchmark.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(benchmark.headers().firstValue("Set-Cookie"))
        .as("a visitor's page view without a form creates no session")
        .isEmpty();
    assertThat(get("/login").headers().firstValue("Set-Cookie").orElseThrow())
        .as("a page with a form (its CSRF token) does")
        .contains("HttpOnly", "SameSite=Lax");
    HttpResponse<String> embed =
        get("/datasets/alice/bench/embed/leaderboard?leaderboard_task_id=t2");
    assertThat(embed.statusCode()).isEqualTo(200);
    assertThat(embed.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors *");
    assertThat(embed.body()).contains("alice/plain-model").doesNotContain("alice/verified-model");
  }

  @Test
  void postWithoutTheSessionsCsrfTokenIsForbidden() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + aliceToken))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void theApiAndGitStillAnswerAtTheirPaths() throws Exception {
    assertThat(get("/api/datasets").headers().firstValue("Content-Type").orElseThrow())
        .contains("json");
    assertThat(
            get("/alice/plain-model/info/refs?service=git-upload-pack")
                .headers()
                .firstValue("Content-Type")
                .orElseThrow())
        .isEqualTo("application/x-git-upload-pack-advertisement");
    assertThat(get("/alice/plain-model/resolve/main/.eval_results/r.yaml").body())
        .contains("value: 70.25");
  }

  @Test
  void fileBrowserShowsAPullRequestsRevisionAndHistoryChartsTheValues() throws Exception {
    assertThat(get("/alice/merge-model/tree/refs/pr/1/.eval_results").body()).contains("bob.yaml");
    assertThat(get("/alice/merge-model/blob/refs/pr/1/.eval_results/bob.yaml").body())
        .contains("value: 88.0");
    HttpResponse<String> history = get("/alice/plain-model/history");
    assertThat(history.body()).contains("<polyline points=", "added", "70.25");
  }

  /** Opens the page signed out. */
  private void open(String path) {
    browser.openFresh(hub.baseUrl() + path);
  }

  private void signIn(String token) {
    browser.clickToNewPage(By.id("sign-in"));
    browser.type(By.id("token"), token);
    browser.clickToNewPage(By.id("sign-in-button"));
  }

  private List<String> models() {
    return browser.texts(By.cssSelector("table.leaderboard a.model"));
  }

  private void assertNoAlert() {
    assertThatThrownBy(() -> browser.driver().switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String result(String task, double value, String extra) {
    return "- dataset:\n    id: alice/bench\n    task_id: "
        + task
        + "\n  value: "
        + value
        + "\n"
        + extra;
  }

  private static String sign(Storage storage, String repo, String text) throws Exception {
    TokenSigner signer = new TokenSigner(KeyFile.load(HubKeys.keyFile(storage.dataDir())));
    return new ResultsFileSigner(signer, storage.options().formats())
        .sign(text, repo)
        .value()
        .orElseThrow();
  }

  private static void commit(Storage storage, String path, String file, String content) {
    commit(storage, path, file, content, false);
  }

  private static void commit(
      Storage storage, String path, String file, String content, boolean isPrivate) {
    RepoId id = RepoId.parsePath(path).orElseThrow();
    if (storage.repositories().find(id).isEmpty()) {
      storage.createRepository(id, isPrivate);
    }
    assertThat(
            TestStorage.commitFile(storage, id, file, content, "seed " + file, "alice")
                .isCommitted())
        .isTrue();
  }
}
