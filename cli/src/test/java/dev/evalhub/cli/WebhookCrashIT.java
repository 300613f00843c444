package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.WebhookReceiver;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries are at least once: the packaged {@code evalhub serve} is killed with SIGKILL
 * while the receiver holds a delivery open, more events are appended while it is down, and the
 * restarted hub on the same data folder delivers every event — the interrupted ones again, under
 * the same delivery id and with the same bytes, so that the receiver can de-duplicate.
 */
class WebhookCrashIT {

  private static final String SECRET = "crash-secret";
  private static final String RESULT =
      "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: %d\n";

  @TempDir Path temp;

  @Test
  void aHubKilledMidDeliveryLosesNoDeliveryAfterARestart() throws Exception {
    Path data = temp.resolve("data");
    String alice;
    try (TestStorage storage = TestStorage.open(data).users("alice").repo("alice/gpt")) {
      alice = storage.token("alice", Role.WRITE);
    }
    Files.writeString(
        data.resolve("evalhub.properties"),
        "webhooks-first-retry-millis=200\nwebhooks-max-attempts=50\n"
            + "webhooks-allow-private-addresses=true\n");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      try (ServeProcess serve = ServeProcess.start(data)) {
        HubApi api = new HubApi(serve.baseUrl());
        HubApi.Response created =
            api.post(
                "/api/settings/webhooks",
                alice,
                "{\"watched\":[{\"type\":\"model\",\"name\":\"alice/gpt\"}],\"url\":\""
                    + receiver.url()
                    + "\",\"secret\":\""
                    + SECRET
                    + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        receiver.hold();
        for (int i = 1; i <= 4; i++) {
          HubApi.Response commit =
              api.post(
                  "/api/models/alice/gpt/commit/main", alice, "application/x-ndjson", ndjson(i));
          assertThat(commit.status()).as(commit.body()).isEqualTo(200);
        }
        receiver.awaitHolding(ServeProcess.WAIT);
      } // SIGKILL while the receiver holds the first deliveries
      List<String> heldBeforeTheKill =
          receiver.requests().stream().map(r -> r.header("X-Webhook-Delivery")).toList();
      try (TestStorage storage = TestStorage.open(data)) {
        assertThat(
                TestStorage.commitFile(
                        storage.storage(),
                        RepoId.parsePath("alice/gpt").orElseThrow(),
                        ".eval_results/r.yaml",
                        String.format(RESULT, 5),
                        "while the hub is down",
                        "alice")
                    .isCommitted())
            .isTrue();
      }
      receiver.release();

      // 5 commits: each a content update and a result event (1 added, 4 changed).
      try (ServeProcess restarted = ServeProcess.start(data)) {
        restarted.awaitPort();
        receiver.await(
            all -> all.stream().map(r -> r.header("X-Webhook-Delivery")).distinct().count() == 10,
            ServeProcess.WAIT);
        Thread.sleep(1000);
      }

      List<WebhookReceiver.Request> all = receiver.requests();
      Map<String, Set<String>> bodiesById = new HashMap<>();
      for (WebhookReceiver.Request request : all) {
        assertThat(request.header("X-Webhook-Signature")).isEqualTo(hmac(request.body()));
        bodiesById
            .computeIfAbsent(request.header("X-Webhook-Delivery"), id -> new java.util.HashSet<>())
            .add(request.text());
      }
      assertThat(heldBeforeTheKill).isNotEmpty();
      assertThat(bodiesById.keySet()).containsAll(heldBeforeTheKill).hasSize(10);
      assertThat(bodiesById.values()).as("one body per delivery id").allMatch(b -> b.size() == 1);
      assertThat(all.size()).as("the held deliveries came again").isGreaterThan(10);
      Map<String, Long> events =
          bodiesById.values().stream()
              .map(b -> b.iterator().next())
              .map(b -> b.replaceAll(".*\"evalhub\":\\{\"event\":\"([a-z.]+)\".*", "$1"))
              .collect(Collectors.groupingBy(e -> e, Collectors.counting()));
      assertThat(events)
          .containsEntry("content.updated", 5L)
          .containsEntry("result.added", 1L)
          .containsEntry("result.changed", 4L);
    }
  }

  private static String ndjson(int value) {
    String content =
        Base64.getEncoder()
            .encodeToString(String.format(RESULT, value).getBytes(StandardCharsets.UTF_8));
    return "{\"key\":\"header\",\"value\":{\"summary\":\"value "
        + value
        + "\"}}\n{\"key\":\"file\",\"value\":{\"path\":\".eval_results/r.yaml\",\"content\":\""
        + content
        + "\",\"encoding\":\"base64\"}}";
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
