package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags on the pages (issue 14), as a signed-in browser session posts its forms: bob flags a result
 * from the model page, the flag page shows it (user text escaped), alice (the model's writer) sees
 * the resolve buttons and upholds it, and the leaderboard page drops the row and offers "hide
 * flagged".
 */
class FlagPagesIT {

  private static final String PLANTED = "<script>alert('flag')</script>";

  @TempDir Path temp;
  private TestHub hub;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("datasets/alice/bench", false)
            .repo("alice/gpt", false)
            .repo("alice/other", false);
    commit(
        "datasets/alice/bench",
        "eval.yaml",
        "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: t1\n");
    commit("alice/gpt", ".eval_results/r.yaml", result(70.0));
    commit("alice/other", ".eval_results/r.yaml", result(60.0));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private static String result(double value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "seed", "alice");
  }

  /** A browser session signed in with {@code user}'s write token. */
  private HttpClient signedIn(String user) throws Exception {
    HttpClient pages = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String login = get(pages, "/login").body();
    post(pages, "/login", "csrf=" + csrf(login) + "&token=" + hub.token(user, Role.WRITE));
    return pages;
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(HttpClient client, String path, String form) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String page) {
    Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as("a form with a CSRF token in:\n" + page).isTrue();
    return matcher.group(1);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aFlagIsRaisedFromTheModelPageDiscussedAndUpheldByTheOwner() throws Exception {
    HttpClient bob = signedIn("bob");
    String model = get(bob, "/alice/gpt").body();
    assertThat(model).contains("Flag this result", "action=\"/alice/gpt/flags\"");
    assertThat(get(HttpClient.newHttpClient(), "/alice/gpt").body())
        .as("signed out: no form")
        .doesNotContain("Flag this result");

    HttpResponse<String> raised =
        post(
            bob,
            "/alice/gpt/flags",
            "csrf="
                + csrf(model)
                + "&category=contamination&filename=.eval_results%2Fr.yaml&dataset=alice%2Fbench"
                + "&task_id=t1&notes=&evidence="
                + encode(PLANTED)
                + "&links="
                + encode("https://example.org/leak\n\nhttps://example.org/2"));
    assertThat(raised.statusCode()).isEqualTo(303);
    String location = raised.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/alice/gpt/discussions/1");

    String asBob = get(bob, location).body();
    assertThat(asBob)
        .contains("id=\"flag-category\">contamination<", "id=\"flag-status\">open<")
        .contains(".eval_results/r.yaml", "https://example.org/leak", "https://example.org/2")
        .contains("&lt;script&gt;alert(")
        .doesNotContain(PLANTED)
        .doesNotContain("id=\"uphold\"");
    assertThat(post(bob, location + "/uphold", "csrf=" + csrf(asBob)).statusCode())
        .as("the flagger is no writer")
        .isEqualTo(403);

    HttpClient alice = signedIn("alice");
    String asAlice = get(alice, location).body();
    assertThat(asAlice).contains("id=\"uphold\"", "id=\"reject\"").doesNotContain("id=\"close\"");
    assertThat(get(alice, "/datasets/alice/bench").body())
        .contains(
            "alice/gpt", "flagged: flag #1: contamination", "href=\"/alice/gpt/discussions/1\"");
    HttpResponse<String> upheld =
        post(alice, location + "/uphold", "csrf=" + csrf(asAlice) + "&comment=confirmed");
    assertThat(upheld.statusCode()).isEqualTo(303);

    assertThat(get(alice, location).body())
        .contains("id=\"flag-status\">upheld<", "id=\"flag-resolver\">alice<", "confirmed")
        .doesNotContain("id=\"uphold\"");
    String leaderboard = get(alice, "/datasets/alice/bench").body();
    String apart = "public record stands against these results";
    assertThat(leaderboard)
        .contains("alice/other", "id=\"filter-hide-flagged\"", apart)
        .contains("invalidated: flag #1 upheld: contamination");
    assertThat(leaderboard.substring(0, leaderboard.indexOf(apart)))
        .as("the upheld result is listed apart, not ranked")
        .doesNotContain("href=\"/alice/gpt\"");
  }

  @Test
  void theFlagFormRefusesBadInputAndPostsWithoutCsrfAreForbidden() throws Exception {
    HttpClient bob = signedIn("bob");
    String csrf = csrf(get(bob, "/alice/gpt").body());
    HttpResponse<String> noEvidence =
        post(
            bob,
            "/alice/gpt/flags",
            "csrf="
                + csrf
                + "&category=other&filename=.eval_results%2Fr.yaml&dataset=alice%2Fbench"
                + "&task_id=t1&evidence=");
    assertThat(noEvidence.statusCode()).isEqualTo(400);
    assertThat(noEvidence.body()).contains("evidence");
    HttpResponse<String> noCsrf =
        post(
            bob,
            "/alice/gpt/flags",
            "category=other&filename=.eval_results%2Fr.yaml&dataset=alice%2Fbench"
                + "&task_id=t1&evidence=e");
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(hub.api().get("/api/models/alice/gpt/flags", null).json().get("count").asInt())
        .isZero();
  }
}
