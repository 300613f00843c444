package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.storage.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The home page of a hub without a benchmark shows the first steps with the URL the visitor reached
 * it by (escaped), and stops showing them once a benchmark exists. Over HTTP, without a browser.
 */
class FirstRunPageIT {

  @TempDir Path temp;

  @Test
  void theEmptyHomePageShowsTheFirstStepsWithThisHubsUrlUntilABenchmarkExists() {
    Path data = temp.resolve("data");
    try (TestHub hub = new TestHub(data)) {
      HubApi.Response empty = new HubApi(hub.baseUrl()).get("/", null);

      assertThat(empty.status()).isEqualTo(200);
      assertThat(empty.body())
          .contains(
              "id=\"first-steps\"",
              "./evalhub user create alice --data " + data,
              "TOKEN=$(./evalhub token create alice --data " + data + ")",
              "git clone http://x:$TOKEN@127.0.0.1:" + hub.server().port() + "/datasets/alice/mmlu",
              "cat &gt; eval.yaml &lt;&lt;'YAML'",
              "metric: \"acc,none\"",
              "./evalhub import --model alice/my-model --hub "
                  + hub.baseUrl()
                  + " --token $TOKEN results_*.json")
          .doesNotContain("push an <code>eval.yaml</code>", "<<'YAML'");

      TestStorage.commitFile(
          hub.server().hub().storage(),
          createdDataset(hub, "datasets/alice/mmlu"),
          "eval.yaml",
          FirstSteps.EVAL_YAML,
          "Add the benchmark",
          "alice");
      HubApi.Response withBenchmark = new HubApi(hub.baseUrl()).get("/", null);

      assertThat(withBenchmark.body())
          .contains("/datasets/alice/mmlu")
          .doesNotContain("first-steps", "evalhub user create");
    }
  }

  @Test
  void behindAProxyTheStepsNameTheAddressTheVisitorUsed() throws Exception {
    try (TestHub hub = new TestHub(temp.resolve("data"))) {
      String page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/"))
                      .header("X-Forwarded-Host", "hub.example.org")
                      .header("X-Forwarded-Proto", "https")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(page)
          .contains("--hub https://hub.example.org --token", "https://x:$TOKEN@hub.example.org/");
    }
  }

  private static RepoId createdDataset(TestHub hub, String path) {
    RepoId id = RepoId.parsePath(path).orElseThrow();
    hub.user("alice");
    hub.server().hub().storage().createRepository(id, false);
    return id;
  }
}
