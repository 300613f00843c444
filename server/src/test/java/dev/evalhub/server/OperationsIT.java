package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import dev.evalhub.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operations over real HTTP: {@code /metrics} after real pushes and reads, {@code /health/live},
 * {@code /health/ready} when the index stops answering and while the server drains, and {@code
 * /health}'s instance; on H2 and, with {@value TestDatabases#POSTGRES_ENV}, PostgreSQL.
 */
class OperationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BENCH =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n";

  @TempDir Path temp;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestHub hub(String kind, OperationsSettings operations) {
    return new TestHub(
            ServerConfig.forTest(temp.resolve("data"))
                .withDatabase(TestDatabases.forKind(kind))
                .withOperations(operations))
        .user("alice")
        .user("mallory")
        .org("acme", "alice")
        .repo("datasets/acme/bench", false)
        .commit("datasets/acme/bench", "eval.yaml", BENCH, "benchmark", "alice");
  }

  private HttpResponse<String> get(TestHub hub, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void pushResult(TestHub hub, String repo, String token, double value) {
    GitCli git = new GitCli(temp.resolve("home"));
    Path clone = git.clone(hub.gitUrl(repo, token), temp);
    git.commitFile(
        clone,
        ".eval_results/bench.yaml",
        "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: " + value + "\n",
        "result");
    git.ok(clone, "push", "-q", "origin", "main");
  }

  /** The value of the sample {@code name{labels}} in a text exposition, or -1 when absent. */
  private static double sample(String metrics, String nameAndLabels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void metricsCountPushesReadsAndCacheHitsUnderRouteTemplates(String kind) throws Exception {
    try (TestHub hub = hub(kind, OperationsSettings.EMBEDDED).repo("alice/gpt", false)) {
      String token = hub.token("alice", Role.WRITE);
      pushResult(hub, "alice/gpt", token, 42.5);
      String board = "/api/datasets/acme/bench/leaderboard?task_id=t1";
      assertThat(get(hub, board, null).statusCode()).isEqualTo(200);
      assertThat(get(hub, board, null).statusCode()).isEqualTo(200);

      HttpResponse<String> response = get(hub, "/metrics", null);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      String metrics = response.body();
      assertThat(metrics)
          .contains("# TYPE evalhub_http_requests_total counter")
          .contains("# TYPE evalhub_http_request_duration_seconds histogram")
          .contains("# TYPE evalhub_git_requests_total counter")
          .contains("# TYPE evalhub_ingestion_lag_events gauge")
          .contains("# TYPE evalhub_leaderboard_cache_hits_total counter")
          .contains("# TYPE evalhub_jobs gauge")
          .contains("# TYPE evalhub_webhook_deliveries_pending gauge")
          .contains("# TYPE evalhub_webhook_deliveries_failed_total counter")
          .contains("jvm_memory_used_bytes")
          .contains("jvm_threads_current")
          .contains("jvm_gc_collection_seconds");
      String route = "/api/datasets/{ns}/{name}/leaderboard";
      assertThat(
              sample(
                  metrics,
                  "evalhub_http_requests_total{method=\"GET\",route=\""
                      + route
                      + "\",status=\"2xx\"}"))
          .isEqualTo(2.0);
      assertThat(
              sample(
                  metrics,
                  "evalhub_http_request_duration_seconds_bucket{method=\"GET\",route=\""
                      + route
                      + "\",le=\"+Inf\"}"))
          .isEqualTo(2.0);
      assertThat(
              sample(
                  metrics,
                  "evalhub_http_request_duration_seconds_bucket{method=\"GET\",route=\""
                      + route
                      + "\",le=\"10.0\"}"))
          .isEqualTo(2.0);
      assertThat(
              sample(
                  metrics, "evalhub_git_requests_total{outcome=\"ok\",service=\"receive-pack\"}"))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(
              sample(
                  metrics,
                  "evalhub_http_requests_total{method=\"POST\",route=\"/{repo}/git-receive-pack\","
                      + "status=\"2xx\"}"))
          .isEqualTo(1.0);
      // The second read is served from the cache.
      assertThat(sample(metrics, "evalhub_leaderboard_cache_hits_total")).isGreaterThanOrEqualTo(1);
      assertThat(sample(metrics, "evalhub_leaderboard_cache_misses_total"))
          .isGreaterThanOrEqualTo(1);
      assertThat(sample(metrics, "evalhub_leaderboard_cache_entries")).isGreaterThanOrEqualTo(1);
      assertThat(sample(metrics, "evalhub_event_log_position")).isGreaterThanOrEqualTo(1);
      assertThat(sample(metrics, "evalhub_index_position"))
          .isEqualTo(sample(metrics, "evalhub_event_log_position"));
      assertThat(sample(metrics, "evalhub_ingestion_lag_events")).isEqualTo(0);
      assertThat(sample(metrics, "evalhub_leader")).isEqualTo(1);
      assertThat(sample(metrics, "evalhub_ready")).isEqualTo(1);
      assertThat(sample(metrics, "evalhub_jobs{state=\"queued\"}")).isEqualTo(0);
      assertThat(sample(metrics, "evalhub_index_failures")).isEqualTo(0);
      // A path that matched no route is counted under one label, never its own path.
      get(hub, "/no/such/thing/at-all", null);
      assertThat(get(hub, "/metrics", null).body())
          .contains("route=\"unmatched\"")
          .doesNotContain("at-all");
    }
  }

  @Test
  void metricsNeverNameAPrivateRepositoryOrItsOwner() throws Exception {
    try (TestHub hub =
        hub("h2", OperationsSettings.EMBEDDED).repo("alice/secret-weights-7q", true)) {
      String alice = hub.token("alice", Role.WRITE);
      String mallory = hub.token("mallory", Role.READ);
      pushResult(hub, "alice/secret-weights-7q", alice, 1.0);
      assertThat(get(hub, "/api/models/alice/secret-weights-7q", alice).statusCode())
          .isEqualTo(200);
      assertThat(get(hub, "/api/models/alice/secret-weights-7q", mallory).statusCode())
          .isEqualTo(404);
      assertThat(get(hub, "/alice/secret-weights-7q", null).statusCode()).isEqualTo(404);
      GitCli git = new GitCli(temp.resolve("home"));
      assertThat(
              git.run(
                      temp,
                      "clone",
                      "-q",
                      hub.gitUrl("alice/secret-weights-7q", mallory),
                      temp.resolve("stolen").toString())
                  .ok())
          .isFalse();

      String metrics = get(hub, "/metrics", null).body();

      assertThat(metrics).doesNotContain("secret").doesNotContain("weights").doesNotContain("7q");
      assertThat(metrics).doesNotContain("alice").doesNotContain("mallory");
      assertThat(metrics).contains("route=\"/api/models/{ns}/{name}\"");
      assertThat(
              sample(
                  metrics,
                  "evalhub_git_requests_total{outcome=\"denied\",service=\"upload-pack\"}"))
          .isGreaterThanOrEqualTo(1.0);
    }
  }

  private HttpResponse<String> metricsVia(TestHub hub, String header, String value)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/metrics"))
            .header(header, value)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void byDefaultMetricsAnswerOnlyALoopbackScraperThatNoProxyPassedOn() throws Exception {
    assertThat(OperationsSettings.DEFAULT.metrics()).isEqualTo(OperationsSettings.Metrics.LOOPBACK);
    try (TestHub hub = hub("h2", OperationsSettings.EMBEDDED)) {
      assertThat(get(hub, "/metrics", null).statusCode()).isEqualTo(200);
      // What a reverse proxy on the same machine passes on: loopback peer, but a forwarded client.
      for (String[] proxied :
          new String[][] {
            {"X-Forwarded-For", "203.0.113.7"},
            {"X-Forwarded-For", "127.0.0.1"},
            {"Forwarded", "for=203.0.113.7"},
            {"X-Real-IP", "203.0.113.7"}
          }) {
        HttpResponse<String> refused = metricsVia(hub, proxied[0], proxied[1]);
        assertThat(refused.statusCode()).as(proxied[0]).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("evalhub_");
      }
    }
  }

  @Test
  void publicMetricsAnswerThroughAProxyToo() throws Exception {
    try (TestHub hub =
        hub("h2", OperationsSettings.EMBEDDED.withMetrics(OperationsSettings.Metrics.PUBLIC))) {
      HttpResponse<String> served = metricsVia(hub, "X-Forwarded-For", "203.0.113.7");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).contains("evalhub_event_log_position");
    }
  }

  @Test
  void metricsOffAnswers404() throws Exception {
    try (TestHub hub =
        hub("h2", OperationsSettings.EMBEDDED.withMetrics(OperationsSettings.Metrics.OFF))) {
      assertThat(get(hub, "/metrics", null).statusCode()).isEqualTo(404);
      assertThat(get(hub, "/health/live", null).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void readyFlipsTo503WhenTheIndexStopsAnsweringWhileLiveStays200(String kind) throws Exception {
    try (TestHub hub = hub(kind, OperationsSettings.EMBEDDED)) {
      HttpResponse<String> ready = get(hub, "/health/ready", null);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      JsonNode readyBody = JSON.readTree(ready.body());
      assertThat(readyBody.get("ready").asBoolean()).isTrue();
      assertThat(readyBody.get("instance").get("leader").asBoolean()).isTrue();
      JsonNode health = JSON.readTree(get(hub, "/health", null).body());
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("live").asBoolean()).isTrue();
      assertThat(health.get("ready").asBoolean()).isTrue();
      assertThat(health.get("instance").get("ingestionLag").asLong()).isZero();
      assertThat(health.get("instance").has("eventLogPosition")).isFalse();

      // The index's connection pool closes: the index no longer answers any query.
      hub.server().hub().index().close();

      HttpResponse<String> notReady = get(hub, "/health/ready", null);
      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode reasons = JSON.readTree(notReady.body()).get("reasons");
      assertThat(reasons.get(0).asText()).startsWith("the index does not answer");
      assertThat(get(hub, "/health/live", null).statusCode()).isEqualTo(200);
      HttpResponse<String> degraded = get(hub, "/health", null);
      assertThat(degraded.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(degraded.body()).get("status").asText()).isEqualTo("degraded");
      assertThat(JSON.readTree(degraded.body()).get("ready").asBoolean()).isFalse();
      String metrics = get(hub, "/metrics", null).body();
      assertThat(sample(metrics, "evalhub_ready")).isEqualTo(0);
      assertThat(metrics).contains("jvm_threads_current");
    }
  }

  @Test
  void onCloseTheServerAnswersNotReadyForTheDrainDelayThenStops() throws Exception {
    // A drain window long enough for the requests below on saturated cores; the test waits on
    // the server's own signal (ready turning 503), not on a guess of how long closing takes.
    Duration drain = Duration.ofSeconds(10);
    TestHub hub = hub("h2", OperationsSettings.EMBEDDED.withDrainDelay(drain));
    URI live = URI.create(hub.baseUrl() + "/health/live");
    assertThat(get(hub, "/health/ready", null).statusCode()).isEqualTo(200);
    long start = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(hub::close);

    HttpResponse<String> ready = get(hub, "/health/ready", null);
    while (ready.statusCode() == 200 && !closing.isDone()) {
      Thread.sleep(10);
      ready = get(hub, "/health/ready", null);
    }

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("the server is shutting down");
    // Draining: not ready, but every request is still served.
    assertThat(get(hub, "/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get(hub, "/api/datasets", null).statusCode()).isEqualTo(200);
    assertThat(closing).isNotDone();
    closing.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(drain);
    // Stopped: the port no longer answers.
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
