package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Role;
import dev.evalhub.importers.eee.EeeSchema;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.testing.GitCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/models/{ns}/{name}/results/eee}: a model's results as Every Eval Ever records.
 */
class EeeExportIT {

  private static final String RESULTS =
      """
      - dataset:
          id: cais/hle
          task_id: hle
        value: 20.9
        stderr: 0.4
        num_samples: 2500
        date: "2025-01-15"
        methodology:
          framework: inspect-ai
          framework_version: "0.3.41"
          num_fewshot: 0
          scoring: model_judge
          generation: {temperature: 0.0, max_tokens: 512}
      - dataset:
          id: cais/hle
          task_id: hle
        value: 25.1
        notes: with tools
      """;

  @TempDir Path temp;
  private TestHub hub;
  private HubApi api;
  private String alice;
  private String bob;

  @BeforeEach
  void startHub() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false)
            .repo("alice/secret", true);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.READ);
    api = new HubApi(hub.baseUrl());
    GitCli git = new GitCli(temp.resolve("home"));
    for (String repo : new String[] {"alice/gpt", "alice/secret"}) {
      Path clone = git.clone(hub.gitUrl(repo, alice), temp);
      git.ok(
          git.commitFile(clone, ".eval_results/hle.yaml", RESULTS, "Add HLE"),
          "push",
          "-q",
          "origin",
          "main");
    }
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void everyResultOfAModelExportsAsAValidRecord() {
    HubApi.Response response = api.get("/api/models/alice/gpt/results/eee", null);

    assertThat(response.status()).isEqualTo(200);
    JsonNode records = response.json();
    assertThat(records).hasSize(2);
    for (JsonNode record : records) {
      assertThat(EeeSchema.aggregate().validate(record)).isEmpty();
    }
    JsonNode first = records.get(0);
    assertThat(first.at("/eval_library/name").asText()).isEqualTo("inspect_ai");
    assertThat(first.at("/eval_library/version").asText()).isEqualTo("0.3.41");
    assertThat(first.at("/evaluation_results/0/score_details/score").doubleValue()).isEqualTo(20.9);
    assertThat(
            first
                .at("/evaluation_results/0/score_details/uncertainty/standard_error/value")
                .doubleValue())
        .isEqualTo(0.4);
    assertThat(first.at("/evaluation_results/0/score_details/uncertainty/num_samples").asLong())
        .isEqualTo(2500);
    assertThat(first.at("/evaluation_timestamp").asText()).isEqualTo("1736899200");
    assertThat(first.at("/source_metadata/source_organization_url").asText())
        .isEqualTo(hub.baseUrl());
    assertThat(first.at("/source_metadata/additional_details/evalhub.commit").asText())
        .matches("[0-9a-f]{40}");
    assertThat(
            first
                .at("/evaluation_results/0/generation_config/additional_details")
                .get("evalhub.methodology.scoring")
                .asText())
        .isEqualTo("\"model_judge\"");
    assertThat(records.get(1).at("/source_metadata/additional_details/evalhub.notes").asText())
        .isEqualTo("with tools");
  }

  @Test
  void oneEntryExportsAsOneRecord() {
    HubApi.Response response =
        api.get("/api/models/alice/gpt/results/eee?file=.eval_results/hle.yaml&index=1", null);

    assertThat(response.status()).isEqualTo(200);
    JsonNode record = response.json();
    assertThat(record.isObject()).isTrue();
    assertThat(EeeSchema.aggregate().validate(record)).isEmpty();
    assertThat(record.at("/evaluation_results/0/score_details/score").doubleValue())
        .isEqualTo(25.1);
  }

  @Test
  void aBadFileOrIndexIs400() {
    assertThat(
            api.get("/api/models/alice/gpt/results/eee?file=.eval_results/hle.yaml&index=2", null)
                .status())
        .isEqualTo(400);
    assertThat(
            api.get("/api/models/alice/gpt/results/eee?file=.eval_results/hle.yaml&index=x", null)
                .status())
        .isEqualTo(400);
    assertThat(api.get("/api/models/alice/gpt/results/eee?index=0", null).status()).isEqualTo(400);
  }

  @Test
  void aPrivateModelIsNotFoundForStrangersLikeAMissingOne() {
    HubApi.Response stranger = api.get("/api/models/alice/secret/results/eee", bob);
    HubApi.Response missing = api.get("/api/models/alice/nothing/results/eee", bob);

    assertThat(stranger.status()).isEqualTo(404);
    assertThat(stranger.body()).isEqualTo(missing.body().replace("nothing", "secret"));
    assertThat(api.get("/api/models/alice/secret/results/eee", null).status()).isEqualTo(404);
    assertThat(api.get("/api/models/alice/secret/results/eee", alice).status()).isEqualTo(200);
  }
}
