package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import dev.evalhub.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model page's "Add results from evaluation logs" over HTTP, as a browser without scripts sends
 * it: a signed-in user uploads the generated-tiny lm-eval log to a model of a hub whose benchmark
 * maps its letter-choice task, sees the preview (entries, methodology, details, diagnostics) and
 * opens the pull request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportPageIT {

  private static final Path TINY = Samples.root().resolve("lm-eval/generated-tiny");
  private static final String RESULTS = "results_2026-11-27T16-36-41.214631.json";
  private static final String LETTER_SAMPLES =
      "samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl";

  private static final String EVAL_YAML =
      """
      name: Tiny
      description: A tiny letter-choice benchmark.
      evaluation_framework: lm-evaluation-harness
      tasks:
        - id: letter
      evalhub:
        tasks:
          letter:
            sources:
              - framework: lm-evaluation-harness
                task: tiny_mc_letter
                metric: "acc,none"
      """;

  private TestHub hub;
  private String aliceToken;
  private String bobToken;

  @BeforeAll
  void seed(@TempDir Path temp) {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob");
    aliceToken = hub.token("alice", dev.evalhub.domain.Role.WRITE);
    bobToken = hub.token("bob", dev.evalhub.domain.Role.WRITE);
    commit("datasets/alice/tiny", "eval.yaml", EVAL_YAML);
    commit("alice/tiny-model", "README.md", "# tiny model\n");
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void signedInUserPreviewsAnLmEvalLogAndOpensThePullRequest() throws Exception {
    FormClient bob = signedIn(bobToken);
    String modelPage = bob.get("/alice/tiny-model").body();
    assertThat(modelPage)
        .contains("Add results from evaluation logs", "enctype=\"multipart/form-data\"");

    HttpResponse<String> preview =
        bob.upload(
            "/alice/tiny-model/import",
            Map.of("csrf", csrf(modelPage), "benchmark", "", "task", "", "metric", ""),
            TINY.resolve(RESULTS),
            TINY.resolve(LETTER_SAMPLES));

    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body())
        .contains(
            "alice/tiny",
            "letter",
            "0.625",
            "± 0.1829",
            "lm-evaluation-harness",
            "loglikelihood_letter",
            ".eval_results/details/",
            "lm-eval-samples",
            "id=\"open-pr\"");

    HttpResponse<String> opened =
        bob.post(
            "/alice/tiny-model/import/open",
            Map.of("csrf", csrf(preview.body()), "upload", field(preview.body(), "upload")));

    assertThat(opened.statusCode()).isEqualTo(303);
    String location = opened.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/alice/tiny-model/discussions/\\d+");
    assertThat(bob.get(location).body()).contains("letter", "added", "0.625");
  }

  @Test
  void anonymousVisitorsSeeNoFormAndCannotPost() throws Exception {
    FormClient visitor = new FormClient();
    String page = visitor.get("/alice/tiny-model").body();
    assertThat(page).doesNotContain("Add results from evaluation logs");

    HttpResponse<String> post =
        visitor.upload("/alice/tiny-model/import", Map.of("csrf", "none"), TINY.resolve(RESULTS));

    assertThat(post.statusCode()).isEqualTo(401);
  }

  @Test
  void anUploadWithoutTheSessionsCsrfTokenIsForbidden() throws Exception {
    FormClient alice = signedIn(aliceToken);

    HttpResponse<String> post =
        alice.upload("/alice/tiny-model/import", Map.of("csrf", "forged"), TINY.resolve(RESULTS));

    assertThat(post.statusCode()).isEqualTo(403);
  }

  @Test
  void diagnosticsAreShownEscapedAndNothingCanBeOpened() throws Exception {
    FormClient alice = signedIn(aliceToken);
    String page = alice.get("/alice/tiny-model").body();

    HttpResponse<String> preview =
        alice.upload(
            "/alice/tiny-model/import",
            Map.of("csrf", csrf(page)),
            Map.of(
                "<img src=x onerror=alert(1)>.json",
                "{\"results\": {\"x\": ".getBytes(StandardCharsets.UTF_8)));

    assertThat(preview.body())
        .contains("id=\"diagnostics\"", "&lt;img src=x onerror=alert(1)&gt;.json: error: ")
        .doesNotContain("<img", "id=\"open-pr\"");
  }

  @Test
  void anotherAccountCannotOpenSomeoneElsesPreview() throws Exception {
    FormClient alice = signedIn(aliceToken);
    String page = alice.get("/alice/tiny-model").body();
    String preview =
        alice
            .upload(
                "/alice/tiny-model/import",
                Map.of("csrf", csrf(page)),
                TINY.resolve(RESULTS),
                TINY.resolve(LETTER_SAMPLES))
            .body();
    FormClient bob = signedIn(bobToken);
    String bobPage = bob.get("/alice/tiny-model").body();

    HttpResponse<String> stolen =
        bob.post(
            "/alice/tiny-model/import/open",
            Map.of("csrf", csrf(bobPage), "upload", field(preview, "upload")));

    assertThat(stolen.statusCode()).isEqualTo(404);
  }

  private FormClient signedIn(String token) throws Exception {
    FormClient browser = new FormClient();
    String login = browser.get("/login").body();
    HttpResponse<String> signIn =
        browser.post("/login", Map.of("csrf", csrf(login), "token", token));
    assertThat(signIn.statusCode()).isEqualTo(303);
    return browser;
  }

  private static String csrf(String html) {
    return field(html, "csrf");
  }

  private static String field(String html, String name) {
    Matcher matcher =
        Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(matcher.find()).as("a field %s in %s", name, html).isTrue();
    return matcher.group(1);
  }

  private void commit(String path, String file, String content) {
    RepoId id = RepoId.parsePath(path).orElseThrow();
    if (hub.server().hub().storage().repositories().find(id).isEmpty()) {
      hub.server().hub().storage().createRepository(id, false);
    }
    assertThat(
            TestStorage.commitFile(
                    hub.server().hub().storage(), id, file, content, "seed " + file, "alice")
                .isCommitted())
        .isTrue();
  }

  /** A cookie-keeping client that does not follow redirects: what a browser sends, no script. */
  private final class FormClient {
    private final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String path) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
      StringBuilder body = new StringBuilder();
      form.forEach(
          (k, v) ->
              body.append(body.length() == 0 ? "" : "&")
                  .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return http.send(
          HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> upload(String path, Map<String, String> fields, Path... files)
        throws Exception {
      Map<String, byte[]> contents = new LinkedHashMap<>();
      for (Path file : files) {
        contents.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
      return upload(path, fields, contents);
    }

    HttpResponse<String> upload(String path, Map<String, String> fields, Map<String, byte[]> files)
        throws Exception {
      String boundary = "----evalhub-test-boundary";
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (Map.Entry<String, String> field : fields.entrySet()) {
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + field.getKey()
                    + "\"\r\n\r\n"
                    + field.getValue()
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"logs\"; filename=\""
                    + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file.getValue());
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return http.send(
          HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
