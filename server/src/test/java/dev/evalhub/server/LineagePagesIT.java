package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model page's Lineage section and the leaderboard page folded by lineage, fetched over real
 * HTTP: models on the hub linked, others named as text (escaped), private models absent for
 * visitors, derived rows indented under their base with what they derive from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineagePagesIT {

  private static final String PLANTED = "<script>alert('lineage')</script>";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestHub hub;

  @BeforeAll
  void seed(@TempDir Path temp) {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("datasets/alice/bench", false)
            .repo("alice/base", false)
            .repo("bob/tune", false)
            .repo("bob/merged", false)
            .repo("alice/secret", true)
            .repo("bob/lone", false);
    commit(
        "datasets/alice/bench",
        "eval.yaml",
        "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: t1\n");
    commit(
        "bob/tune",
        "README.md",
        "---\nbase_model: alice/base\nbase_model_relation: finetune\n---\n");
    commit(
        "bob/merged",
        "README.md",
        "---\nbase_model:\n- bob/tune\n- \""
            + PLANTED
            + "\"\n- mistralai/Mistral-7B-v0.1\nbase_model_relation: merge\n---\n");
    commit("alice/secret", "README.md", "---\nbase_model: alice/base\n---\n");
    commit("alice/base", ".eval_results/r.yaml", result(50));
    commit("bob/tune", ".eval_results/r.yaml", result(60));
    commit("bob/merged", ".eval_results/r.yaml", result(40));
    commit("bob/lone", ".eval_results/r.yaml", result(45));
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "seed", RepoId.parsePath(repo).orElseThrow().namespace());
  }

  private static String result(double value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  private String page(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  @Test
  void aModelPageShowsItsParentsLinkedOnTheHubAndAsEscapedTextOffIt() throws Exception {
    String html = page("/bob/merged");

    assertThat(html)
        .contains("<h2 id=\"lineage\">Lineage</h2>")
        .contains("<a class=\"lineage-model\" href=\"/bob/tune\">bob/tune</a>")
        .contains("<a class=\"lineage-model\" href=\"/alice/base\">alice/base</a>")
        .contains(
            "<span class=\"lineage-model off-hub\">mistralai/Mistral-7B-v0.1</span>"
                + " <span class=\"relation merge\">(merge)</span>")
        .contains("&lt;script&gt;alert('lineage')&lt;/script&gt;")
        .doesNotContain(PLANTED);
  }

  @Test
  void aBaseModelsPageShowsItsDescendantsButNotAPrivateOne() throws Exception {
    String html = page("/alice/base");

    assertThat(html)
        .contains("<h3>Derived models</h3>")
        .contains("<a class=\"lineage-model\" href=\"/bob/tune\">bob/tune</a>")
        .contains("<span class=\"relation finetune\">(finetune)</span>")
        .contains("<a class=\"lineage-model\" href=\"/bob/merged\">bob/merged</a>")
        .doesNotContain("alice/secret");
  }

  @Test
  void aModelWithoutLineageSaysSo() throws Exception {
    assertThat(page("/bob/lone")).contains("No base_model known");
  }

  @Test
  void theLeaderboardFoldsDerivedModelsUnderTheirBaseInRankOrder() throws Exception {
    String html = page("/datasets/alice/bench?task=t1&filtered=1&community=1&fold=base_model");

    assertThat(html).contains("id=\"filter-fold\" checked");
    int base = html.indexOf(">alice/base</a>");
    int tune = html.indexOf(">bob/tune</a>");
    int merged = html.indexOf(">bob/merged</a>");
    int lone = html.indexOf(">bob/lone</a>");
    assertThat(base).isPositive().isLessThan(tune);
    assertThat(tune).isLessThan(merged);
    assertThat(merged).isLessThan(lone);
    assertThat(html)
        .contains(
            "<td class=\"folded fold-1\"><a class=\"model\" href=\"/bob/tune\" target=\"_top\">"
                + "bob/tune</a> <span class=\"muted derived-from\">derived from alice/base"
                + " (finetune)</span>")
        .contains(
            "<td class=\"folded fold-2\"><a class=\"model\" href=\"/bob/merged\" target=\"_top\">"
                + "bob/merged</a> <span class=\"muted derived-from\">derived from bob/tune"
                + " (merge)</span>");
  }

  @Test
  void withoutFoldTheLeaderboardKeepsItsRankOrderAndBaseModelsOnlyHidesDerivedOnes()
      throws Exception {
    String all = page("/datasets/alice/bench?task=t1");
    String baseOnly = page("/datasets/alice/bench?task=t1&filtered=1&community=1&base=1");

    assertThat(all).doesNotContain("derived-from").doesNotContain("folded");
    assertThat(all.indexOf(">bob/tune</a>"))
        .isPositive()
        .isLessThan(all.indexOf(">alice/base</a>"));
    assertThat(all.indexOf(">bob/lone</a>")).isLessThan(all.indexOf(">bob/merged</a>"));
    assertThat(baseOnly).doesNotContain(">bob/tune</a>").contains(">alice/base</a>");
  }
}
