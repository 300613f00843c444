package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Repository info and listings answer what the Hub's do: the card ({@code cardData}, {@code
 * model-index}, {@code pipeline_tag}, {@code library_name}, the card's tags) and every {@code
 * expand} field, over real HTTP. The shapes asserted are the ones the official clients read: Python
 * {@code huggingface_hub} ({@code hf_api.py} {@code ModelInfo.__init__} pops {@code cardData},
 * {@code model-index}, {@code pipeline_tag}, {@code library_name}, {@code tags}, {@code
 * evalResults}; {@code repocard_data.py} {@code model_index_to_eval_results} reads {@code name},
 * {@code results[].task.type}, {@code dataset.type}, {@code dataset.name}, {@code metrics[].type},
 * {@code metrics[].value}; {@code _eval_results.py} {@code parse_eval_result_entries} reads {@code
 * data.dataset.id}, {@code data.dataset.task_id}, {@code data.value}) and JavaScript
 * {@code @huggingface/hub} ({@code ApiModelInfo}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoCardApiIT {

  private static final String ASR_CARD =
      """
      ---
      license: mit
      library_name: transformers
      pipeline_tag: automatic-speech-recognition
      base_model: openai/whisper-small
      datasets: [librispeech_asr]
      tags: [speech, asr]
      model-index:
      - name: demo-asr
        results:
        - task: {type: automatic-speech-recognition}
          dataset: {type: librispeech_asr, name: LibriSpeech}
          metrics:
          - {type: wer, value: "20.0 ± 1.2"}
          - {type: cer, value: 4.5}
          - {type: ter, value: null}
        - task: {type: token-classification}
          metrics:
          - {type: f1, value: pending}
      ---
      # demo-asr
      """;
  private static final String RESULT =
      "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.5\n";

  @TempDir static Path temp;
  private TestHub hub;
  private HubApi api;
  private String alice;
  private String bob;

  /**
   * One hub for the whole class (each test only reads, but for the one that commits to its own
   * repository).
   */
  @BeforeAll
  void startHub() {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .org("acme", "alice")
            .repo("alice/asr", false)
            .repo("alice/plain", false)
            .repo("alice/changing", false)
            .repo("alice/secret", true)
            .repo("bob/other", false)
            .repo("datasets/acme/bench", false);
    alice = hub.token("alice", Role.WRITE);
    bob = hub.token("bob", Role.WRITE);
    api = new HubApi(hub.baseUrl());
    commit("alice/asr", "README.md", ASR_CARD, ".eval_results/bench.yaml", RESULT);
    commit("alice/secret", "README.md", "---\ntags: [hidden]\nlicense: mit\n---\n");
    commit("bob/other", "README.md", "---\ntags: [speech]\nlibrary_name: nemo\n---\n");
    commit(
        "datasets/acme/bench",
        "README.md",
        "---\nlicense: cc-by-4.0\ntags: [evaluation]\n"
            + "configs:\n- config_name: default\n  data_files: test.jsonl\n---\n",
        "eval.yaml",
        "name: Bench\ndescription: d\nevaluation_framework: lm-evaluation-harness\ntasks:\n  - id: t1\n");
  }

  @AfterAll
  void stopHub() {
    hub.close();
  }

  private void commit(String repo, String... pathsAndContents) {
    List<FileChange> files = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.add(
          FileChange.put(
              pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    hub.server()
        .hub()
        .storage()
        .commits()
        .commit(
            RepoId.parsePath(repo).orElseThrow(),
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                files,
                "files",
                new AccountName(repo.contains("bob/") ? "bob" : "alice")));
  }

  private JsonNode json(String path, String token) {
    HubApi.Response response = api.get(path, token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static JsonNode item(JsonNode listing, String id) {
    for (JsonNode item : listing) {
      if (item.get("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError(id + " is not in " + listing);
  }

  @Test
  void modelInfoCarriesTheCardAndWhatTheHubLiftsFromIt() {
    JsonNode info = json("/api/models/alice/asr", null);

    assertThat(info.get("cardData").get("base_model").asText()).isEqualTo("openai/whisper-small");
    assertThat(info.get("cardData").get("model-index")).isEqualTo(info.get("model-index"));
    assertThat(info.get("pipeline_tag").asText()).isEqualTo("automatic-speech-recognition");
    assertThat(info.get("library_name").asText()).isEqualTo("transformers");
    assertThat(texts(info.get("tags")))
        .containsExactly(
            "speech",
            "asr",
            "transformers",
            "automatic-speech-recognition",
            "license:mit",
            "base_model:openai/whisper-small",
            "dataset:librispeech_asr",
            "eval-results");
  }

  @Test
  void cardDataHasTheShapeThatPythonsModelIndexToEvalResultsReads() {
    JsonNode modelIndex =
        json("/api/models/alice/asr?expand[]=cardData", null).get("cardData").get("model-index");

    JsonNode model = modelIndex.get(0);
    assertThat(model.get("name").asText()).isEqualTo("demo-asr");
    JsonNode result = model.get("results").get(0);
    assertThat(result.get("task").get("type").asText()).isEqualTo("automatic-speech-recognition");
    assertThat(result.get("dataset").get("type").asText()).isEqualTo("librispeech_asr");
    assertThat(result.get("dataset").get("name").asText()).isEqualTo("LibriSpeech");
    assertThat(result.get("metrics").get(0).get("type").asText()).isEqualTo("wer");
    assertThat(result.get("metrics").get(0).get("value").asText()).isEqualTo("20.0 ± 1.2");
    assertThat(result.get("metrics").get(1).get("value").isNumber()).isTrue();
    assertThat(result.get("metrics").get(2).has("value")).isTrue();
    assertThat(result.get("metrics").get(2).get("value").isNull()).isTrue();
    assertThat(model.get("results").get(1).has("dataset")).isFalse();
    assertThat(model.get("results").get(1).get("metrics").get(0).get("value").asText())
        .isEqualTo("pending");
  }

  @Test
  void evalResultsHaveTheShapeThatPythonsParseEvalResultEntriesReads() {
    JsonNode entry =
        json("/api/models/alice/asr?expand[]=evalResults", null).get("evalResults").get(0);

    assertThat(entry.get("filename").asText()).isEqualTo(".eval_results/bench.yaml");
    assertThat(entry.get("data").get("dataset").get("id").asText()).isEqualTo("acme/bench");
    assertThat(entry.get("data").get("dataset").get("task_id").asText()).isEqualTo("t1");
    assertThat(entry.get("data").get("value").asDouble()).isEqualTo(0.5);
  }

  @Test
  void aModelWithoutACardSendsANullModelIndexAndNoCardData() {
    JsonNode info = json("/api/models/alice/plain?expand[]=cardData&expand[]=model-index", null);

    assertThat(info.has("model-index")).isTrue();
    assertThat(info.get("model-index").isNull()).isTrue();
    assertThat(info.has("cardData")).isFalse();
    assertThat(info.has("pipeline_tag")).isFalse();
  }

  @Test
  void datasetInfoCarriesItsCardButNoModelIndex() {
    JsonNode info = json("/api/datasets/acme/bench", null);

    assertThat(info.get("cardData").get("configs").get(0).get("data_files").asText())
        .isEqualTo("test.jsonl");
    assertThat(texts(info.get("tags")))
        .containsExactly("evaluation", "license:cc-by-4.0", "benchmark");
    assertThat(info.has("model-index")).isFalse();
  }

  @Test
  void infoAtAnOlderRevisionShowsTheCardOfThatRevision() {
    commit("alice/changing", "README.md", "---\nlibrary_name: transformers\n---\n");
    String first = json("/api/models/alice/changing", null).get("sha").asText();
    commit("alice/changing", "README.md", "---\nlibrary_name: nemo\n---\n");

    assertThat(json("/api/models/alice/changing", null).get("library_name").asText())
        .isEqualTo("nemo");
    assertThat(
            json("/api/models/alice/changing/revision/" + first, null).get("library_name").asText())
        .isEqualTo("transformers");
  }

  @Test
  void aListingByAuthorWithEvalResultsHoldsOnlyThatAuthorsModelsAndTheirResults() {
    JsonNode listing = json("/api/models?author=alice&expand[]=evalResults", null);

    assertThat(listing)
        .extracting(item -> item.get("id").asText())
        .containsExactly("alice/asr", "alice/changing", "alice/plain");
    assertThat(
            item(listing, "alice/asr")
                .get("evalResults")
                .get(0)
                .get("data")
                .get("value")
                .asDouble())
        .isEqualTo(0.5);
    assertThat(item(listing, "alice/plain").get("evalResults")).isEmpty();
  }

  @Test
  void aPlainListingSendsTheCardFieldsButNotTheCostlyOnes() {
    JsonNode asr = item(json("/api/models", null), "alice/asr");

    assertThat(asr.get("pipeline_tag").asText()).isEqualTo("automatic-speech-recognition");
    assertThat(asr.get("library_name").asText()).isEqualTo("transformers");
    assertThat(texts(asr.get("tags"))).contains("speech", "eval-results");
    assertThat(asr.has("cardData")).isFalse();
    assertThat(asr.has("model-index")).isFalse();
    assertThat(asr.has("siblings")).isFalse();
    assertThat(asr.has("evalResults")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "expand[]=cardData",
        "expand=cardData",
        "cardData=true",
        "cardData=True",
        "full=true",
        "full=True"
      })
  void eachWayOfAskingForCardDataIsAnswered(String query) {
    JsonNode asr = item(json("/api/models?" + query, null), "alice/asr");

    assertThat(asr.get("cardData").get("license").asText()).isEqualTo("mit");
    assertThat(asr.has("siblings")).isEqualTo(query.startsWith("full"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "_id",
        "id",
        "author",
        "private",
        "gated",
        "disabled",
        "downloads",
        "likes",
        "lastModified",
        "sha",
        "tags",
        "pipeline_tag",
        "library_name",
        "cardData",
        "model-index",
        "siblings",
        "evalResults"
      })
  void everyExpandFieldOfAModelIsAnsweredInInfoAndListings(String field) {
    String query = "expand[]=" + field;

    assertThat(json("/api/models/alice/asr?" + query, null).has(field)).as("info").isTrue();
    assertThat(item(json("/api/models?" + query, null), "alice/asr").has(field))
        .as("listing")
        .isTrue();
    assertThat(item(json("/api/models?expand=" + field, null), "alice/asr").has(field))
        .as("expand=")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "_id",
        "id",
        "author",
        "private",
        "gated",
        "disabled",
        "downloads",
        "likes",
        "lastModified",
        "sha",
        "tags",
        "cardData",
        "siblings"
      })
  void everyExpandFieldOfADatasetIsAnsweredInInfoAndListings(String field) {
    assertThat(json("/api/datasets/acme/bench?expand[]=" + field, null).has(field))
        .as("info")
        .isTrue();
    assertThat(item(json("/api/datasets?expand[]=" + field, null), "acme/bench").has(field))
        .as("listing")
        .isTrue();
  }

  @Test
  void aFilterMatchesTheCardsTags() {
    assertThat(json("/api/models?filter=speech", null))
        .extracting(item -> item.get("id").asText())
        .containsExactly("alice/asr", "bob/other");
    assertThat(json("/api/models?filter=speech&filter=license:mit", null))
        .extracting(item -> item.get("id").asText())
        .containsExactly("alice/asr");
    assertThat(json("/api/models?filter=nemo&author=BOB", null))
        .extracting(item -> item.get("id").asText())
        .containsExactly("bob/other");
  }

  @Test
  void aPrivateModelsCardShowsOnlyToItsMembers() {
    assertThat(json("/api/models?cardData=true&filter=hidden", bob)).isEmpty();
    assertThat(json("/api/models?cardData=true&filter=hidden", alice))
        .extracting(item -> item.get("id").asText())
        .containsExactly("alice/secret");
    assertThat(api.get("/api/models/alice/secret", bob).status()).isEqualTo(404);
  }
}
