package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaderboard route's prepared answers: a strong entity tag and 304, gzip, a change of the
 * index changing both, and a private benchmark that no outsider gets from them.
 */
class LeaderboardCachingIT {

  private static final String BOARD = "/api/datasets/acme/bench/leaderboard?task_id=t1";
  private static final String EVAL_YAML =
      "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
          + "tasks:\n  - id: t1\n";

  @TempDir Path temp;
  private TestHub hub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("mallory")
            .org("acme", "alice")
            .repo("datasets/acme/bench", false)
            .repo("datasets/acme/secret", true)
            .repo("alice/gpt", false);
    for (String dataset : new String[] {"datasets/acme/bench", "datasets/acme/secret"}) {
      TestStorage.commitFile(
          hub.server().hub().storage(),
          RepoId.parsePath(dataset).orElseThrow(),
          "eval.yaml",
          EVAL_YAML,
          "benchmark",
          "alice");
    }
    result("acme/bench", "42.5");
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void result(String dataset, String value) {
    TestStorage.commitFile(
        hub.server().hub().storage(),
        RepoId.parsePath("alice/gpt").orElseThrow(),
        ".eval_results/" + dataset.replace('/', '-') + ".yaml",
        "- dataset:\n    id: " + dataset + "\n    task_id: t1\n  value: " + value + "\n",
        "result",
        "alice");
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void anAnswerCarriesAStrongTagAndIfNoneMatchWithItIsA304WithoutBody() throws Exception {
    HttpResponse<byte[]> first = get(BOARD);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> again = get(BOARD, "If-None-Match", etag);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(first.headers().firstValue("Vary")).contains("Accept-Encoding");
    // A public benchmark: any cache may keep it, revalidating with the tag.
    assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);
  }

  @Test
  void aChangedLeaderboardHasNewBytesAndANewTag() throws Exception {
    HttpResponse<byte[]> before = get(BOARD);
    String etag = before.headers().firstValue("ETag").orElseThrow();

    result("acme/bench", "77.25");
    HttpResponse<byte[]> after = get(BOARD, "If-None-Match", etag);

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(text(after)).contains("\"value\":77.25").doesNotContain("42.5");
    assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
  }

  @Test
  void aChangeElsewhereKeepsTheTagOfAnUnchangedLeaderboard() throws Exception {
    String etag = get(BOARD).headers().firstValue("ETag").orElseThrow();

    result("acme/secret", "1.5");

    assertThat(get(BOARD, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void gzipIsTheSameJsonWithItsOwnTagAndVary() throws Exception {
    HttpResponse<byte[]> plain = get(BOARD);

    HttpResponse<byte[]> gzipped = get(BOARD, "Accept-Encoding", "br;q=1, gzip;q=0.5");

    assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(gzipped.headers().firstValue("Vary")).contains("Accept-Encoding");
    assertThat(gzipped.headers().firstValue("Content-Type"))
        .isEqualTo(plain.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/json");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    assertThat(gzipped.headers().firstValue("ETag"))
        .isPresent()
        .get()
        .isNotEqualTo(plain.headers().firstValue("ETag").orElseThrow());
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void gzipRefusedWithWeightZeroIsNotSent() throws Exception {
    HttpResponse<byte[]> answer = get(BOARD, "Accept-Encoding", "gzip;q=0, identity");

    assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(text(answer)).startsWith("[{");
  }

  @Test
  void aPrivateBenchmarkServedToAMemberIsNeverServedToAnOutsider() throws Exception {
    result("acme/secret", "3.5");
    String member = "Bearer " + hub.token("alice", Role.READ);
    HttpResponse<byte[]> own =
        get(
            "/api/datasets/acme/secret/leaderboard?task_id=t1",
            "Authorization",
            member,
            "Accept-Encoding",
            "gzip");
    String etag = own.headers().firstValue("ETag").orElseThrow();
    String outsider = "Bearer " + hub.token("mallory", Role.READ);

    HttpResponse<byte[]> anonymous =
        get("/api/datasets/acme/secret/leaderboard?task_id=t1", "If-None-Match", etag);
    HttpResponse<byte[]> stranger =
        get(
            "/api/datasets/acme/secret/leaderboard?task_id=t1",
            "Authorization",
            outsider,
            "If-None-Match",
            "*",
            "Accept-Encoding",
            "gzip");

    assertThat(own.statusCode()).isEqualTo(200);
    // A private benchmark's answer: no shared cache (a proxy's) may keep it.
    assertThat(own.headers().firstValue("Cache-Control")).contains("private, no-cache");
    HttpResponse<byte[]> revalidated =
        get(
            "/api/datasets/acme/secret/leaderboard?task_id=t1",
            "Authorization",
            member,
            "Accept-Encoding",
            "gzip",
            "If-None-Match",
            etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.headers().firstValue("Cache-Control")).contains("private, no-cache");
    for (HttpResponse<byte[]> refused : java.util.List.of(anonymous, stranger)) {
      assertThat(refused.statusCode()).isEqualTo(404);
      assertThat(refused.headers().firstValue("ETag")).isEmpty();
      assertThat(refused.headers().firstValue("X-Error-Code")).contains("RepoNotFound");
      assertThat(text(refused)).doesNotContain("3.5");
    }
  }
}
