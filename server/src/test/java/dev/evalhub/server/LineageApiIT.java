package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's lineage and leaderboards folded by it, over real HTTP: the trees up and down with
 * relations, models off the hub by id, and alice's private fine-tune shown only to alice (a
 * stranger sees its public child's card name it as a model off the hub, and no child at all).
 */
class LineageApiIT {

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;

  @BeforeEach
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("datasets/alice/bench", false)
            .repo("alice/base", false)
            .repo("bob/tune", false)
            .repo("alice/Secret-Tune", true)
            .repo("bob/on-secret", false);
    api = hub.api();
    commit(
        "datasets/alice/bench",
        "eval.yaml",
        "name: B\ndescription: d\nevaluation_framework: lm-evaluation-harness\n"
            + "tasks:\n  - id: t1\n");
    commit("bob/tune", "README.md", card("alice/base", "finetune"));
    commit("alice/Secret-Tune", "README.md", card("alice/base", "adapter"));
    commit("bob/on-secret", "README.md", card("[alice/secret-tune, Outside/Model]", "merge"));
    commit("alice/base", ".eval_results/r.yaml", result(50));
    commit("bob/tune", ".eval_results/r.yaml", result(60));
    commit("bob/on-secret", ".eval_results/r.yaml", result(55));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String path, String content) {
    hub.commit(repo, path, content, "seed", RepoId.parsePath(repo).orElseThrow().namespace());
  }

  private static String card(String baseModels, String relation) {
    return "---\nbase_model: " + baseModels + "\nbase_model_relation: " + relation + "\n---\n";
  }

  private static String result(double value) {
    return "- dataset:\n    id: alice/bench\n    task_id: t1\n  value: " + value + "\n";
  }

  /** Nodes as {@code id relation} ({@code @} for models on the hub), nested in brackets. */
  private static String text(JsonNode nodes, String next) {
    List<String> out = new ArrayList<>();
    nodes.forEach(
        node -> {
          String item =
              (node.get("onHub").asBoolean() ? "@" : "")
                  + node.get("id").asText()
                  + " "
                  + node.get("relation").asText();
          if (!node.get(next).isEmpty()) {
            item += " [" + text(node.get(next), next) + "]";
          }
          out.add(item);
        });
    return String.join(", ", out);
  }

  @Test
  void aModelsLineageShowsParentsAndChildrenWithTheirRelations() {
    JsonNode lineage = api.get("/api/models/BOB/tune/lineage", null).json();

    assertThat(lineage.get("model").asText()).isEqualTo("bob/tune");
    assertThat(text(lineage.get("parents"), "parents")).isEqualTo("@alice/base finetune");
    assertThat(lineage.get("children")).isEmpty();
    assertThat(lineage.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void aPrivateChildIsLeftOutForStrangersAndShownToItsWriter() {
    String alice = hub.token("alice", Role.READ);
    String bob = hub.token("bob", Role.WRITE);

    JsonNode anonymous = api.get("/api/models/alice/base/lineage", null).json();
    JsonNode stranger = api.get("/api/models/alice/base/lineage", bob).json();
    JsonNode writer = api.get("/api/models/alice/base/lineage", alice).json();

    assertThat(text(anonymous.get("children"), "children")).isEqualTo("@bob/tune finetune");
    assertThat(stranger).isEqualTo(anonymous);
    assertThat(text(writer.get("children"), "children"))
        .isEqualTo("@alice/Secret-Tune adapter [@bob/on-secret merge], @bob/tune finetune");
  }

  @Test
  void aPrivateParentReadsAsAModelOffTheHubForStrangers() {
    String alice = hub.token("alice", Role.READ);

    JsonNode anonymous = api.get("/api/models/bob/on-secret/lineage", null).json();
    JsonNode writer = api.get("/api/models/bob/on-secret/lineage", alice).json();

    assertThat(text(anonymous.get("parents"), "parents"))
        .isEqualTo("alice/secret-tune merge, Outside/Model merge");
    assertThat(text(writer.get("parents"), "parents"))
        .isEqualTo("@alice/Secret-Tune merge [@alice/base adapter], Outside/Model merge");
  }

  @Test
  void aPrivateModelsLineageIsNotFoundLikeAMissingModel() {
    HubApi.Response secret = api.get("/api/models/alice/secret-tune/lineage", null);
    HubApi.Response missing = api.get("/api/models/alice/no-such-model/lineage", null);

    assertThat(secret.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(secret.json().get("error").asText())
        .isEqualTo(missing.json().get("error").asText().replace("no-such-model", "secret-tune"));
    assertThat(
            api.get("/api/models/alice/secret-tune/lineage", hub.token("alice", Role.READ))
                .status())
        .isEqualTo(200);
  }

  @Test
  void leaderboardsFoldDerivedModelsUnderTheirBase() {
    JsonNode board = api.get("/api/datasets/alice/bench/leaderboards?fold=base_model", null).json();

    List<String> rows = new ArrayList<>();
    board
        .get(0)
        .get("entries")
        .forEach(
            e ->
                rows.add(
                    "  ".repeat(e.get("foldLevel").asInt())
                        + e.get("rank").asInt()
                        + " "
                        + e.get("modelId").asText()
                        + (e.has("derivedFrom")
                            ? " <- "
                                + e.get("derivedFrom").get("modelId").asText()
                                + " "
                                + e.get("derivedFrom").get("relation").asText()
                            : "")));
    // bob/on-secret derives from alice/base only through the private fine-tune: it stays apart.
    assertThat(rows)
        .containsExactly("2 bob/on-secret", "3 alice/base", "  1 bob/tune <- alice/base finetune");
  }

  @Test
  void leaderboardsFoldEachGenerationUnderTheOneAbove() {
    commit("bob/on-secret", "README.md", card("bob/tune", "quantized"));

    JsonNode entries =
        api.get("/api/datasets/alice/bench/leaderboards?fold=base_model", null)
            .json()
            .get(0)
            .get("entries");

    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).get("modelId").asText()).isEqualTo("alice/base");
    assertThat(entries.get(0).get("foldLevel").asInt()).isZero();
    assertThat(entries.get(0).has("derivedFrom")).isFalse();
    assertThat(entries.get(1).get("modelId").asText()).isEqualTo("bob/tune");
    assertThat(entries.get(1).get("foldLevel").asInt()).isEqualTo(1);
    assertThat(entries.get(2).get("modelId").asText()).isEqualTo("bob/on-secret");
    assertThat(entries.get(2).get("rank").asInt()).isEqualTo(2);
    assertThat(entries.get(2).get("foldLevel").asInt()).isEqualTo(2);
    assertThat(entries.get(2).get("derivedFrom").get("modelId").asText()).isEqualTo("bob/tune");
    assertThat(entries.get(2).get("derivedFrom").get("relation").asText()).isEqualTo("quantized");
    assertThat(entries.get(2).get("derivedFrom").get("generations").asInt()).isEqualTo(1);
  }

  @Test
  void anUnknownFoldIsABadRequest() {
    HubApi.Response response = api.get("/api/datasets/alice/bench/leaderboards?fold=family", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText())
        .isEqualTo("fold must be base_model, got \"family\"");
  }
}
