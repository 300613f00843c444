package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record text (titles, descriptions, comments, commit summaries) through every channel: too long,
 * control characters and invalid Unicode are refused with 400 (or a {@code remote: error:}) naming
 * the field, nothing is written, and the repository stays clean under {@code git fsck --strict};
 * newline, tab and text exactly at the limits are accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("hostile")
class RecordTextIT {

  /**
   * Escapes every non-ASCII character, so that a lone surrogate reaches the hub as {@code \\uD800}.
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static final String API = "/api/models/alice/gpt/discussions";
  private static final String TITLE_AT_LIMIT = "t".repeat(255) + "é";
  private static final String TEXT_AT_LIMIT = "a\tb\n" + "x".repeat(65_536 - 6) + "é";

  /** The bad titles of the rule, each with what the refusal must say. */
  private static final Map<String, String> BAD_TITLES =
      Map.of(
          "t".repeat(257),
          "at most 256 characters, got 257",
          "a\u0000b",
          "control character U+0000",
          "a\u0001b",
          "control character U+0001",
          "a\u001bb",
          "control character U+001B",
          "a\u007fb",
          "control character U+007F",
          "a\u0085b",
          "control character U+0085",
          "a\nb",
          "must be one line",
          "a\ud800b",
          "lone surrogate");

  private static final Map<String, String> BAD_TEXTS =
      Map.of(
          "x".repeat(65_537),
          "at most 65536 bytes of UTF-8, got 65537",
          "a\u0000b",
          "control character U+0000",
          "a\u0007b",
          "control character U+0007",
          "a\rb",
          "control character U+000D",
          "a\u007fb",
          "control character U+007F",
          "a\u009bb",
          "control character U+009B",
          "a\udc00b",
          "lone surrogate");

  @TempDir static Path temp;
  private TestHub hub;
  private HubApi api;
  private HubHttp http;
  private GitCli git;
  private String alice;
  private String bob;
  private String refsBefore;

  @BeforeAll
  void startHub() throws Exception {
    hub = new TestHub(temp.resolve("data")).user("alice").user("bob").repo("alice/gpt", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    api = new HubApi(hub.baseUrl());
    http = new HubHttp(hub.baseUrl());
    git = new GitCli(temp.resolve("home"));
    Path clone = cloneAs(bob);
    Files.writeString(clone.resolve("notes.txt"), "x");
    git.ok(clone, "add", "notes.txt");
    git.ok(clone, "commit", "-q", "-m", "Add notes");
    git.ok(clone, "push", "origin", "HEAD:refs/for/main");
  }

  @AfterAll
  void stopHub() {
    hub.close();
  }

  @AfterEach
  void repositoryIsStillClean() {
    assertThat(git.run(bare(), "fsck", "--strict").output())
        .as("git fsck --strict")
        .doesNotContain("error", "warning");
    assertThat(git.run(bare(), "fsck", "--strict").ok()).isTrue();
  }

  private Path bare() {
    return temp.resolve("data/repos/models/alice/gpt.git");
  }

  private String refs() {
    return git.ok(bare(), "for-each-ref", "--format=%(refname) %(objectname)");
  }

  private Path cloneAs(String token) {
    return git.clone(hub.gitUrl("alice/gpt", token), temp);
  }

  private PullRequest record(int number) {
    return hub.server()
        .hub()
        .storage()
        .pullRequests()
        .get(RepoId.parsePath("alice/gpt").orElseThrow(), new PrNumber(number));
  }

  private static String json(Object... fieldsAndValues) throws Exception {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      node.putPOJO((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return JSON.writeValueAsString(node);
  }

  private void assertRefused(HubApi.Response response, String field, String problem) {
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    // The commit API names the body's line first ("line 1: summary: ...").
    assertThat(response.json().path("error").asText().replaceFirst("^line \\d+: ", ""))
        .startsWith(field + ": ")
        .contains(problem);
    assertThat(refs()).as("nothing is written").isEqualTo(refsBefore);
  }

  @Test
  void discussionTitlesAndDescriptionsBreakingTheRuleAreRefusedAndNothingIsWritten()
      throws Exception {
    refsBefore = refs();
    for (Map.Entry<String, String> bad : BAD_TITLES.entrySet()) {
      assertRefused(api.post(API, bob, json("title", bad.getKey())), "title", bad.getValue());
    }
    for (Map.Entry<String, String> bad : BAD_TEXTS.entrySet()) {
      assertRefused(
          api.post(API, bob, json("title", "ok", "description", bad.getKey())),
          "description",
          bad.getValue());
    }
  }

  @Test
  void discussionExactlyAtTheLimitsWithNewlinesAndTabsIsAccepted() throws Exception {
    HubApi.Response created =
        api.post(
            API,
            bob,
            json(
                "title",
                "a\t" + TITLE_AT_LIMIT.substring(2),
                "description",
                TEXT_AT_LIMIT.replace("\n", "\r\n")));

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    PullRequest pr = record(created.json().path("num").asInt());
    assertThat(pr.title()).hasSize(256).startsWith("a\t");
    assertThat(pr.description()).isEqualTo(TEXT_AT_LIMIT);
  }

  @Test
  void commentsStatusCommentsAndMergeCommentsBreakingTheRuleAreRefused() throws Exception {
    refsBefore = refs();
    for (Map.Entry<String, String> bad : BAD_TEXTS.entrySet()) {
      assertRefused(
          api.post(API + "/1/comment", bob, json("comment", bad.getKey())),
          "comment",
          bad.getValue());
      assertRefused(
          api.post(API + "/1/status", alice, json("status", "closed", "comment", bad.getKey())),
          "comment",
          bad.getValue());
      assertRefused(
          api.post(API + "/1/merge", alice, json("comment", bad.getKey())),
          "comment",
          bad.getValue());
    }
    assertThat(record(1).status().id()).isEqualTo("open");
  }

  @Test
  void commentExactlyAtTheLimitIsAcceptedWithCrlfStoredAsLf() throws Exception {
    HubApi.Response comment =
        api.post(API + "/1/comment", bob, json("comment", TEXT_AT_LIMIT.replace("\n", "\r\n")));

    assertThat(comment.status()).as(comment.body()).isEqualTo(200);
    assertThat(record(1).events().get(record(1).events().size() - 1).text())
        .isEqualTo(TEXT_AT_LIMIT);
  }

  private HubApi.Response commit(String query, String token, String summary, String description)
      throws Exception {
    String header =
        JSON.writeValueAsString(
            Map.of(
                "key", "header", "value", Map.of("summary", summary, "description", description)));
    String file =
        JSON.writeValueAsString(
            Map.of(
                "key",
                "file",
                "value",
                Map.of("path", "notes-" + System.nanoTime() + ".txt", "content", "eA==")));
    HttpResponse<String> response =
        http.send(
            "POST",
            "/api/models/alice/gpt/commit/main" + query,
            token,
            header + "\n" + file + "\n",
            "Content-Type",
            "application/x-ndjson");
    return new HubApi.Response(response.statusCode(), response.body());
  }

  @Test
  void commitSummariesAndDescriptionsBreakingTheRuleAreRefusedOnMainAndForPullRequests()
      throws Exception {
    refsBefore = refs();
    for (String query : List.of("", "?create_pr=1")) {
      for (Map.Entry<String, String> bad : BAD_TITLES.entrySet()) {
        assertRefused(commit(query, alice, bad.getKey(), ""), "summary", bad.getValue());
      }
      for (Map.Entry<String, String> bad : BAD_TEXTS.entrySet()) {
        assertRefused(commit(query, alice, "ok", bad.getKey()), "description", bad.getValue());
      }
    }
  }

  @Test
  void commitWithSummaryAndDescriptionAtTheLimitsOpensAPullRequestWithThem() throws Exception {
    HubApi.Response response = commit("?create_pr=1", bob, TITLE_AT_LIMIT, TEXT_AT_LIMIT);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String url = response.json().path("pullRequestUrl").asText();
    PullRequest pr = record(Integer.parseInt(url.substring(url.lastIndexOf('/') + 1)));
    assertThat(pr.title()).isEqualTo(TITLE_AT_LIMIT);
    assertThat(pr.description()).isEqualTo(TEXT_AT_LIMIT);
  }

  private GitCli.Result pushWithMessage(String ref, String message) throws Exception {
    Path clone = cloneAs(bob);
    if (ref.startsWith("refs/pr/")) {
      git.ok(clone, "fetch", "-q", "origin", ref + ":pr");
      git.ok(clone, "checkout", "-q", "pr");
    }
    Files.writeString(clone.resolve("notes.txt"), "y" + System.nanoTime());
    git.ok(clone, "add", "notes.txt");
    Path messageFile = temp.resolve("message-" + System.nanoTime());
    Files.writeString(messageFile, message);
    git.ok(clone, "commit", "-q", "--cleanup=verbatim", "-F", messageFile.toString());
    return git.run(clone, "push", "origin", "HEAD:" + ref);
  }

  @Test
  void pushWhoseSubjectOrBodyHasControlCharactersIsRefusedWithARemoteError() throws Exception {
    refsBefore = refs();
    Map<String, String> refusals =
        Map.of(
            "red \u001b[31malert",
            "subject: control character U+001B",
            "bell\u0007",
            "subject: control character U+0007",
            "carriage\rreturn",
            "subject: control character U+000D",
            "delete\u007f",
            "subject: control character U+007F",
            "next line\u0085",
            "subject: control character U+0085",
            "fine\n\nbody \u0001 here",
            "body: control character U+0001",
            "fine\n\n" + "b".repeat(65_537),
            "body: at most 65536 bytes");
    for (Map.Entry<String, String> bad : refusals.entrySet()) {
      GitCli.Result push = pushWithMessage("refs/for/main", bad.getKey());
      assertThat(push.ok()).as(push.output()).isFalse();
      assertThat(push.output()).contains("remote: error: commit ").contains(bad.getValue());
      assertThat(refs()).isEqualTo(refsBefore);
    }
    GitCli.Result update = pushWithMessage("refs/pr/1", "fix \u001b]0;title\u0007");
    assertThat(update.ok()).as(update.output()).isFalse();
    assertThat(update.output())
        .contains("remote: error: commit ", "subject: control character U+001B");
    assertThat(refs()).isEqualTo(refsBefore);
  }

  @Test
  void pushWithANulInItsMessageIsRefused() throws Exception {
    Path clone = cloneAs(bob);
    String tree = git.ok(clone, "rev-parse", "HEAD^{tree}").strip();
    String parent = git.ok(clone, "rev-parse", "HEAD").strip();
    Path object = temp.resolve("commit-with-nul");
    Files.writeString(
        object,
        "tree "
            + tree
            + "\nparent "
            + parent
            + "\nauthor B <b@x> 1700000000 +0000\ncommitter B <b@x> 1700000000 +0000\n\nnul \u0000 here\n");
    String commit =
        git.ok(clone, "hash-object", "-t", "commit", "-w", "--literally", object.toString())
            .strip();
    refsBefore = refs();

    GitCli.Result push = git.run(clone, "push", "origin", commit + ":refs/for/main");

    assertThat(push.ok()).as(push.output()).isFalse();
    assertThat(refs()).isEqualTo(refsBefore);
  }

  @Test
  void pushWithAVeryLongSubjectOpensAPullRequestWithTheSubjectCut() throws Exception {
    GitCli.Result push =
        pushWithMessage("refs/for/main", "a\t" + "s".repeat(300) + "\n\nthe\tbody\n");

    assertThat(push.ok()).as(push.output()).isTrue();
    Matcher number = Pattern.compile("Pull request #(\\d+)").matcher(push.output());
    assertThat(number.find()).isTrue();
    PullRequest pr = record(Integer.parseInt(number.group(1)));
    assertThat(pr.title()).isEqualTo("a\t" + "s".repeat(251) + "...");
    assertThat(pr.description()).isEqualTo("the\tbody");
  }

  /** A browser session signed in as {@code token}: its cookie jar and the form's CSRF token. */
  private record Session(HttpClient client, String csrf) {}

  private Session signIn(String token) throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String login =
        client
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    client.send(
        form("/login", Map.of("csrf", csrf(login), "token", token)),
        HttpResponse.BodyHandlers.ofString());
    String page =
        client
            .send(
                HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/alice/gpt/discussions/1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new Session(client, csrf(page));
  }

  private static String csrf(String page) {
    Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
    return matcher.group(1);
  }

  private HttpRequest form(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void pageFormsRefuseCommentsBreakingTheRuleAndAcceptCrlfAsLf() throws Exception {
    Session session = signIn(alice);
    refsBefore = refs();
    for (String action : List.of("comment", "close", "merge")) {
      for (Map.Entry<String, String> bad : BAD_TEXTS.entrySet()) {
        if (bad.getKey().contains("\ud800") || bad.getKey().contains("\udc00")) {
          continue; // a form body is UTF-8: a lone surrogate cannot be sent, only its replacement
          // character
        }
        HttpResponse<String> response =
            session
                .client()
                .send(
                    form(
                        "/alice/gpt/discussions/1/" + action,
                        Map.of("csrf", session.csrf(), "comment", bad.getKey())),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(action + ": " + response.body()).isEqualTo(400);
        assertThat(response.body()).contains("comment: ");
        assertThat(refs()).isEqualTo(refsBefore);
      }
    }

    HttpResponse<String> accepted =
        session
            .client()
            .send(
                form(
                    "/alice/gpt/discussions/1/comment",
                    Map.of("csrf", session.csrf(), "comment", "line one\r\nline\ttwo")),
                HttpResponse.BodyHandlers.ofString());

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
    assertThat(record(1).events().get(record(1).events().size() - 1).text())
        .isEqualTo("line one\nline\ttwo");
  }
}
