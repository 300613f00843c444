package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.server.testing.WebhookReceiver;
import dev.evalhub.service.WebhookOptions;
import dev.evalhub.testing.GitCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: a real hub, real git pushes and API calls, and a receiver over loopback that
 * checks every payload field docs/WEBHOOKS.md promises and the HMAC-SHA256 signature of each body.
 */
class WebhooksIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "s3cret";
  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n";
  private static final String RESULT =
      "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: %s\n";

  @TempDir Path temp;
  private TestHub hub;
  private WebhookReceiver receiver;
  private String alice;
  private String bob;
  private GitCli git;

  @BeforeEach
  void start() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false)
            .repo("datasets/alice/bench", false)
            .repo("alice/secret", true);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    commit("datasets/alice/bench", "eval.yaml", EVAL_YAML);
    WebhookSettings.startDelivery(
        hub.server().hub(),
        WebhookOptions.defaults(hub.baseUrl())
            .withRetries(Duration.ofMillis(100), 4, Duration.ofMinutes(5))
            .withAddressPolicy(true, java.util.Set.of()));
    receiver = new WebhookReceiver();
    git = new GitCli(temp.resolve("home"));
  }

  @AfterEach
  void stop() {
    receiver.close();
    hub.close();
  }

  @Test
  void aReceiverGetsEveryEventAsDocumentedAndSigned() throws Exception {
    String id = create(alice, "{\"type\":\"user\",\"name\":\"alice\"}", SECRET);
    Path clone = git.clone(hub.gitUrl("alice/gpt", alice), temp);

    git.commitFile(clone, ".eval_results/r.yaml", String.format(RESULT, "20.5"), "add");
    git.ok(clone, "push", "-q", "origin", "HEAD:main");
    JsonNode added = awaitEvent("result.added");
    git.commitFile(clone, ".eval_results/r.yaml", String.format(RESULT, "21.5"), "change");
    git.ok(clone, "push", "-q", "origin", "HEAD:main");
    JsonNode changed = awaitEvent("result.changed");
    git.ok(clone, "rm", "-q", ".eval_results/r.yaml");
    git.ok(clone, "commit", "-q", "-m", "remove");
    git.ok(clone, "push", "-q", "origin", "HEAD:main");
    JsonNode removed = awaitEvent("result.removed");

    assertThat(added.at("/event/scope").asText()).isEqualTo("evalhub.result");
    assertThat(added.at("/event/action").asText()).isEqualTo("create");
    assertThat(added.at("/repo/type").asText()).isEqualTo("model");
    assertThat(added.at("/repo/name").asText()).isEqualTo("alice/gpt");
    assertThat(added.at("/repo/private").asBoolean()).isFalse();
    assertThat(added.at("/repo/url/web").asText()).isEqualTo(hub.baseUrl() + "/alice/gpt");
    assertThat(added.at("/repo/url/api").asText())
        .isEqualTo(hub.baseUrl() + "/api/models/alice/gpt");
    assertThat(added.at("/repo/headSha").asText()).matches("[0-9a-f]{40}");
    assertThat(added.at("/webhook/id").asText()).isEqualTo(id);
    assertThat(added.at("/webhook/version").asInt()).isEqualTo(3);
    assertThat(added.at("/evalhub/actor").asText()).isEqualTo("alice");
    assertThat(added.at("/evalhub/results/0/dataset").asText()).isEqualTo("alice/bench");
    assertThat(added.at("/evalhub/results/0/taskId").asText()).isEqualTo("t1");
    assertThat(added.at("/evalhub/results/0/oldValue").isNull()).isTrue();
    assertThat(added.at("/evalhub/results/0/newValue").asDouble()).isEqualTo(20.5);
    assertThat(added.at("/evalhub/resultCount").asInt()).isEqualTo(1);
    assertThat(added.at("/evalhub/truncated").asBoolean()).isFalse();
    assertThat(changed.at("/event/action").asText()).isEqualTo("update");
    assertThat(changed.at("/evalhub/results/0/oldValue").asDouble()).isEqualTo(20.5);
    assertThat(changed.at("/evalhub/results/0/newValue").asDouble()).isEqualTo(21.5);
    assertThat(removed.at("/event/action").asText()).isEqualTo("delete");
    assertThat(removed.at("/evalhub/results/0/newValue").isNull()).isTrue();
    JsonNode content = awaitEvent("content.updated");
    assertThat(content.at("/event/scope").asText()).isEqualTo("repo.content");
    assertThat(content.at("/updatedRefs/0/ref").asText()).isEqualTo("refs/heads/main");

    // A pull request opened by bob, merged by alice; another closed; a discussion with a comment.
    Path bobs = git.clone(hub.gitUrl("alice/gpt", bob), temp);
    git.commitFile(bobs, ".eval_results/b.yaml", String.format(RESULT, "30"), "Bob's result");
    git.ok(bobs, "push", "-q", "origin", "HEAD:refs/for/main");
    JsonNode opened = awaitEvent("pr.opened");
    assertThat(hub.api().post("/api/models/alice/gpt/discussions/1/merge", alice).status())
        .isEqualTo(200);
    JsonNode merged = awaitEvent("pr.merged");
    git.commitFile(bobs, ".eval_results/c.yaml", String.format(RESULT, "31"), "Another");
    git.ok(bobs, "push", "-q", "origin", "HEAD:refs/for/main");
    awaitCount("pr.opened", 2);
    hub.api().post("/api/models/alice/gpt/discussions/2/status", bob, "{\"status\":\"closed\"}");
    JsonNode closed = awaitEvent("pr.closed");
    hub.api()
        .post(
            "/api/models/alice/gpt/discussions",
            bob,
            "{\"title\":\"<script>hi</script>\",\"description\":\"d\"}");
    JsonNode discussion = awaitEvent("discussion.opened");
    hub.api()
        .post("/api/models/alice/gpt/discussions/3/comment", alice, "{\"comment\":\"thanks\"}");
    JsonNode comment = awaitEvent("comment.added");

    assertThat(opened.at("/event/scope").asText()).isEqualTo("discussion");
    assertThat(opened.at("/event/action").asText()).isEqualTo("create");
    assertThat(opened.at("/discussion/num").asInt()).isEqualTo(1);
    assertThat(opened.at("/discussion/isPullRequest").asBoolean()).isTrue();
    assertThat(opened.at("/discussion/status").asText()).isEqualTo("open");
    assertThat(opened.at("/discussion/title").asText()).isEqualTo("Bob's result");
    assertThat(opened.at("/discussion/author/id").asText()).isEqualTo("bob");
    assertThat(opened.at("/discussion/url/web").asText())
        .isEqualTo(hub.baseUrl() + "/alice/gpt/discussions/1");
    assertThat(merged.at("/event/action").asText()).isEqualTo("update");
    assertThat(merged.at("/discussion/status").asText()).isEqualTo("merged");
    assertThat(merged.at("/evalhub/actor").asText()).isEqualTo("alice");
    assertThat(closed.at("/discussion/status").asText()).isEqualTo("closed");
    assertThat(discussion.at("/discussion/isPullRequest").asBoolean()).isFalse();
    assertThat(discussion.at("/discussion/title").asText()).isEqualTo("<script>hi</script>");
    assertThat(comment.at("/event/scope").asText()).isEqualTo("discussion.comment");
    assertThat(comment.at("/event/action").asText()).isEqualTo("create");
    assertThat(comment.at("/comment/content").asText()).isEqualTo("thanks");
    assertThat(comment.at("/comment/author/id").asText()).isEqualTo("alice");

    // A task of the benchmark declares version 1 invalid.
    commit(
        "datasets/alice/bench",
        "eval.yaml",
        EVAL_YAML
            + "evalhub:\n  tasks:\n    t1:\n      version: 2\n      status_reason: broken scorer\n"
            + "      invalid_versions: [1]\n");
    JsonNode task = awaitEvent("task.invalidated");
    assertThat(task.at("/event/scope").asText()).isEqualTo("evalhub.task");
    assertThat(task.at("/repo/type").asText()).isEqualTo("dataset");
    assertThat(task.at("/repo/url/web").asText())
        .isEqualTo(hub.baseUrl() + "/datasets/alice/bench");
    assertThat(task.at("/evalhub/task/taskId").asText()).isEqualTo("t1");
    assertThat(task.at("/evalhub/task/addedInvalidVersions/0").asText()).isEqualTo("1");
    assertThat(task.at("/evalhub/task/reason").asText()).isEqualTo("broken scorer");

    for (WebhookReceiver.Request request : receiver.requests()) {
      assertThat(request.header("X-Webhook-Signature")).isEqualTo(hmac(SECRET, request.body()));
      assertThat(request.header("X-Webhook-Event"))
          .isEqualTo(request.json().at("/evalhub/event").asText());
      assertThat(request.header("X-Webhook-Delivery"))
          .isEqualTo(request.json().at("/evalhub/delivery").asText());
      assertThat(request.header("X-Webhook-Secret")).isNull();
      assertThat(request.text()).doesNotContain(SECRET);
    }
    assertThat(receiver.requests().stream().map(r -> r.header("X-Webhook-Delivery")).distinct())
        .hasSize(receiver.requests().size());
    JsonNode log = hub.api().get("/api/settings/webhooks/" + id + "/deliveries", alice).json();
    assertThat(log.get(0).get("status").asInt()).isEqualTo(204);
    assertThat(log.get(0).get("outcome").asText()).isEqualTo("delivered");
  }

  @Test
  void aFailingReceiverGetsRetriesWithBackoffAndTheLogShowsTheCodes() throws Exception {
    receiver.answer(500);
    String id = create(alice, "{\"type\":\"model\",\"name\":\"alice/gpt\"}", null);

    commit("alice/gpt", ".eval_results/r.yaml", String.format(RESULT, "1"));
    List<WebhookReceiver.Request> tries =
        receiver.await(
            all -> all.stream().filter(r -> event(r).equals("result.added")).count() == 4, WAIT);
    Thread.sleep(500);

    List<WebhookReceiver.Request> added =
        tries.stream().filter(r -> event(r).equals("result.added")).toList();
    assertThat(receiver.requests().stream().filter(r -> event(r).equals("result.added")))
        .as("4 attempts at most")
        .hasSize(4);
    for (int i = 1; i < added.size(); i++) {
      long gap = Duration.between(added.get(i - 1).time(), added.get(i).time()).toMillis();
      assertThat(gap).as("gap before attempt " + (i + 1)).isGreaterThanOrEqualTo(100L << (i - 1));
    }
    assertThat(added.stream().map(r -> r.header("X-Webhook-Delivery")).distinct()).hasSize(1);
    assertThat(added.get(0).header("X-Webhook-Signature")).isNull();
    JsonNode log = hub.api().get("/api/settings/webhooks/" + id + "/deliveries", alice).json();
    List<String> attempts =
        java.util.stream.StreamSupport.stream(log.spliterator(), false)
            .filter(a -> a.get("event").asText().equals("result.added"))
            .map(
                a ->
                    a.get("attempt").asInt()
                        + ":"
                        + a.get("status").asInt()
                        + ":"
                        + a.get("outcome").asText())
            .toList();
    assertThat(attempts)
        .containsExactly("4:500:failed", "3:500:retry", "2:500:retry", "1:500:retry");
  }

  @Test
  void aPrivateRepositorysEventsReachOnlyWebhooksWhoseOwnerCanReadIt() throws Exception {
    create(alice, "{\"type\":\"user\",\"name\":\"alice\"}", null);
    try (WebhookReceiver bobs = new WebhookReceiver()) {
      create(bob, "{\"type\":\"user\",\"name\":\"alice\"}", null, bobs.url());
      commit("alice/secret", ".eval_results/r.yaml", String.format(RESULT, "5"));
      commit("alice/gpt", ".eval_results/r.yaml", String.format(RESULT, "6"));

      receiver.await(
          all -> all.stream().filter(r -> event(r).equals("result.added")).count() == 2, WAIT);
      bobs.await(all -> all.stream().anyMatch(r -> event(r).equals("result.added")), WAIT);
      Thread.sleep(500);

      assertThat(bobs.requests()).allSatisfy(r -> assertThat(r.text()).doesNotContain("secret"));
      assertThat(
              receiver.requests().stream()
                  .filter(r -> r.json().at("/repo/name").asText().equals("alice/secret"))
                  .map(r -> r.json().at("/repo/private").asBoolean()))
          .isNotEmpty()
          .containsOnly(true);
    }
  }

  @Test
  void badInputIsRefusedWithAPreciseErrorAndCreatesNothing() throws Exception {
    String watch = "{\"type\":\"model\",\"name\":\"alice/gpt\"}";
    assertThat(post(alice, body(watch, "ftp://example.com/x", null, null)).status()).isEqualTo(400);
    assertThat(post(alice, body(watch, "not a url", null, null)).status()).isEqualTo(400);
    HubApi.Response domain = post(alice, body(watch, receiver.url(), "[\"repo\",\"wiki\"]", null));
    assertThat(domain.status()).isEqualTo(400);
    assertThat(domain.body()).contains("unknown domain \\\"wiki\\\"");
    HubApi.Response secret =
        post(
            bob,
            body("{\"type\":\"model\",\"name\":\"alice/secret\"}", receiver.url(), null, null));
    HubApi.Response missing =
        post(
            bob,
            body("{\"type\":\"model\",\"name\":\"alice/nothing\"}", receiver.url(), null, null));
    assertThat(secret.status()).isEqualTo(404);
    assertThat(secret.body().replace("secret", "X"))
        .isEqualTo(missing.body().replace("nothing", "X"));
    assertThat(
            post(alice, body("{\"type\":\"space\",\"name\":\"a/b\"}", receiver.url(), null, null))
                .status())
        .isEqualTo(400);
    assertThat(post(null, body(watch, receiver.url(), null, null)).status()).isEqualTo(401);
    assertThat(
            post(hub.token("alice", Role.READ), body(watch, receiver.url(), null, null)).status())
        .isEqualTo(403);
    assertThat(hub.api().get("/api/settings/webhooks", alice).json()).isEmpty();
    for (int i = 0; i < 25; i++) {
      assertThat(post(alice, body(watch, receiver.url(), null, null)).status()).isEqualTo(200);
    }
    HubApi.Response tooMany = post(alice, body(watch, receiver.url(), null, null));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("at most 25 webhooks");
    String someone =
        hub.api().get("/api/settings/webhooks", alice).json().get(0).get("id").asText();
    assertThat(hub.api().get("/api/settings/webhooks/" + someone, bob).status()).isEqualTo(404);
    assertThat(delete("/api/settings/webhooks/" + someone, bob)).isEqualTo(404);
  }

  @Test
  void aWebhookIsManagedAsOnTheHubAndItsSecretIsNeverShown() throws Exception {
    String id = create(alice, "{\"type\":\"model\",\"name\":\"alice/gpt\"}", SECRET);
    JsonNode got = hub.api().get("/api/settings/webhooks/" + id, alice).json().get("webhook");
    assertThat(got.get("secretSet").asBoolean()).isTrue();
    assertThat(got.toString()).doesNotContain(SECRET);
    assertThat(got.get("domains")).hasSize(2);

    JsonNode disabled =
        hub.api().post("/api/settings/webhooks/" + id + "/disable", alice).json().get("webhook");
    commit("alice/gpt", ".eval_results/r.yaml", String.format(RESULT, "2"));
    Thread.sleep(1000);
    assertThat(receiver.requests()).isEmpty();
    JsonNode enabled =
        hub.api().post("/api/settings/webhooks/" + id + "/enable", alice).json().get("webhook");
    JsonNode updated =
        hub.api()
            .post(
                "/api/settings/webhooks/" + id,
                alice,
                body(
                    "{\"type\":\"dataset\",\"name\":\"alice/bench\"}",
                    receiver.url(),
                    "[\"repo\"]",
                    null))
            .json()
            .get("webhook");
    commit("alice/gpt", ".eval_results/r.yaml", String.format(RESULT, "3"));
    JsonNode viaBenchmark = awaitEvent("result.changed");

    assertThat(disabled.get("disabled").asBoolean()).isTrue();
    assertThat(enabled.get("disabled").asBoolean()).isFalse();
    assertThat(updated.get("watched").get(0).get("type").asText()).isEqualTo("dataset");
    assertThat(updated.get("secretSet").asBoolean()).as("an absent secret is kept").isTrue();
    assertThat(viaBenchmark.at("/repo/name").asText()).isEqualTo("alice/gpt");
    assertThat(delete("/api/settings/webhooks/" + id, alice)).isEqualTo(200);
    assertThat(hub.api().get("/api/settings/webhooks/" + id, alice).status()).isEqualTo(404);
    String record =
        git.ok(
            temp.resolve("data/admin.git"), "show", "refs/meta/webhooks/" + id + ":webhook.config");
    assertThat(record).contains("deleted = true", "owner = alice");
  }

  private JsonNode awaitEvent(String event) throws InterruptedException {
    return receiver.await(all -> all.stream().anyMatch(r -> event(r).equals(event)), WAIT).stream()
        .filter(r -> event(r).equals(event))
        .reduce((a, b) -> b)
        .orElseThrow()
        .json();
  }

  private void awaitCount(String event, int count) throws InterruptedException {
    receiver.await(all -> all.stream().filter(r -> event(r).equals(event)).count() >= count, WAIT);
  }

  private static String event(WebhookReceiver.Request request) {
    return request.json().at("/evalhub/event").asText();
  }

  private String create(String token, String watch, String secret) {
    return create(token, watch, secret, receiver.url());
  }

  private String create(String token, String watch, String secret, String url) {
    HubApi.Response response = post(token, body(watch, url, null, secret));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().at("/webhook/id").asText();
  }

  private HubApi.Response post(String token, String json) {
    return hub.api().post("/api/settings/webhooks", token, json);
  }

  private static String body(String watch, String url, String domains, String secret) {
    return "{\"watched\":["
        + watch
        + "],\"url\":\""
        + url
        + "\""
        + (domains == null ? "" : ",\"domains\":" + domains)
        + (secret == null ? "" : ",\"secret\":\"" + secret + "\"")
        + "}";
  }

  private int delete(String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "edit " + path, "alice");
  }

  static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
