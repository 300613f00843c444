package dev.evalhub.importers.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Epochs reduced to the item's mean, train trials likewise, and the cluster key a metric declares;
 * the files are real ones (Inspect's popularity log, HELM's per-instance stats) given a second
 * epoch or trial and a {@code stderr(cluster="category")} metric, as Inspect records it.
 */
class EpochsAndClustersTest {

  private static final JsonMapper JSON = new JsonMapper();

  static SampleScores read(String name, byte[] bytes, String format) {
    SampleOutcome outcome =
        SampleReaders.read(LogSource.of(name, bytes), format, ImportLimits.DEFAULT);
    assertThat(outcome).isInstanceOf(SampleOutcome.Read.class);
    return ((SampleOutcome.Read) outcome).scores();
  }

  /** The popularity log with a second epoch (every value flipped) and a clustered stderr. */
  static ObjectNode popularityWithTwoEpochsAndClusters() throws IOException {
    ObjectNode log =
        (ObjectNode)
            JSON.readTree(
                Samples.root()
                    .resolve("inspect-ai/2025-05-12T20-28-13-04-00_popularity.json")
                    .toFile());
    ObjectNode stderr = (ObjectNode) log.at("/results/scores/0/metrics/stderr");
    stderr.putObject("params").put("cluster", "category");
    ArrayNode samples = (ArrayNode) log.get("samples");
    int n = samples.size();
    for (int i = 0; i < n; i++) {
      ObjectNode sample = (ObjectNode) samples.get(i);
      ((ObjectNode) sample.get("metadata")).put("category", i % 2 == 0 ? "even" : "odd");
      ObjectNode second = sample.deepCopy();
      second.put("epoch", 2);
      ObjectNode match = (ObjectNode) second.at("/scores/match");
      match.put("value", match.get("value").asText().equals("C") ? "I" : "C");
      samples.add(second);
    }
    return log;
  }

  @Test
  void inspectEpochsAreReducedToTheSamplesMean() throws IOException {
    ObjectNode log = popularityWithTwoEpochsAndClusters();

    SampleScores scores = read("popularity.json", JSON.writeValueAsBytes(log), "inspect-json");

    assertThat(scores.size()).isEqualTo(3);
    assertThat(scores.epochs()).isEqualTo(2);
    for (int i = 0; i < scores.size(); i++) {
      assertThat(scores.score(0, i)).isEqualTo(0.5);
    }
    assertThat(scores.binary(0)).isFalse();
  }

  @Test
  void inspectClusterKeyIsTheMetadataKeyTheStderrMetricNames() throws IOException {
    ObjectNode log = popularityWithTwoEpochsAndClusters();

    SampleScores scores = read("popularity.json", JSON.writeValueAsBytes(log), "inspect-json");

    assertThat(scores.cluster(0)).contains("even");
    assertThat(scores.cluster(1)).contains("odd");
    assertThat(scores.cluster(2)).contains("even");
  }

  @Test
  void inspectWithoutAClusteredMetricHasNoClusters() throws IOException {
    ObjectNode log = popularityWithTwoEpochsAndClusters();
    ((ObjectNode) log.at("/results/scores/0/metrics/stderr")).remove("params");

    SampleScores scores = read("popularity.json", JSON.writeValueAsBytes(log), "inspect-json");

    assertThat(scores.cluster(0)).isEmpty();
  }

  @Test
  void inspectEvalArchiveReducesEpochsAndReadsClusters() throws IOException {
    byte[] archive = evalWithSecondEpoch();

    SampleScores scores = read("log_formats.eval", archive, "inspect-eval");

    assertThat(scores.epochs()).isEqualTo(2);
    assertThat(scores.size()).isEqualTo(1);
    assertThat(scores.score(0, 0)).isEqualTo(0.5);
    assertThat(scores.cluster(0)).contains("solo");
  }

  /** log_formats.eval with sample 1 in a second epoch scored "C" and a clustered stderr. */
  static byte[] evalWithSecondEpoch() throws IOException {
    Path real = Samples.root().resolve("inspect-ai/log_formats.eval");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipFile in = new ZipFile(real.toFile());
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry entry : Collections.list(in.entries())) {
        byte[] data = in.getInputStream(entry).readAllBytes();
        if (entry.getName().equals("header.json")) {
          ObjectNode header = (ObjectNode) JSON.readTree(data);
          ((ObjectNode) header.at("/results/scores/0/metrics/stderr"))
              .putObject("params")
              .put("cluster", "group");
          data = JSON.writeValueAsBytes(header);
        }
        if (entry.getName().equals("samples/1_epoch_1.json")) {
          ObjectNode sample = (ObjectNode) JSON.readTree(data);
          ((ObjectNode) sample.get("metadata")).put("group", "solo");
          data = JSON.writeValueAsBytes(sample);
          sample.put("epoch", 2);
          ((ObjectNode) sample.at("/scores/match")).put("value", "C");
          out.putNextEntry(new ZipEntry("samples/1_epoch_2.json"));
          out.write(JSON.writeValueAsBytes(sample));
          out.closeEntry();
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(data);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void inspectDictScoresGiveOneMetricPerKey() throws IOException {
    ObjectNode log = popularityWithTwoEpochsAndClusters();
    for (JsonNode sample : log.get("samples")) {
      ObjectNode match = (ObjectNode) sample.at("/scores/match");
      ObjectNode value = match.putObject("value");
      value.put("correct", sample.get("epoch").asInt() == 1 ? true : false);
      value.put("f1", 0.25);
    }

    SampleScores scores = read("dict.json", JSON.writeValueAsBytes(log), "inspect-json");

    assertThat(scores.metrics()).containsExactly("match/correct", "match/f1");
    assertThat(scores.score(0, 0)).isEqualTo(0.5);
    assertThat(scores.score(1, 0)).isEqualTo(0.25);
  }

  @Test
  void helmTrainTrialsAreReducedToTheInstancesMean() throws IOException {
    ArrayNode stats =
        (ArrayNode)
            JSON.readTree(
                Samples.root()
                    .resolve(
                        "helm/mmlu-philosophy_multiple-choice-joint_gpt2/per_instance_stats.json")
                    .toFile());
    ObjectNode second = ((ObjectNode) stats.get(0)).deepCopy();
    second.put("train_trial_index", 1);
    for (JsonNode stat : second.get("stats")) {
      if (stat.at("/name/name").asText().equals("exact_match")) {
        ((ObjectNode) stat).put("mean", 1.0);
      }
    }
    stats.add(second);

    SampleScores scores =
        read("per_instance_stats.json", JSON.writeValueAsBytes(stats), "helm-per-instance");

    int exact = scores.metricIndex("exact_match");
    int id147 = java.util.Arrays.asList(ids(scores)).indexOf("id147");
    assertThat(scores.epochs()).isEqualTo(2);
    assertThat(scores.score(exact, id147)).isEqualTo(0.5);
  }

  static String[] ids(SampleScores scores) {
    String[] ids = new String[scores.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = scores.itemId(i);
    }
    return ids;
  }

  @Test
  void itemsAreSortedByIdAsStrings() throws IOException {
    byte[] lines =
        String.join(
                "\n",
                Files.readAllLines(
                    Samples.root()
                        .resolve(
                            "lm-eval/generated-tiny/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl")))
            .getBytes(StandardCharsets.UTF_8);

    SampleScores scores = read("samples_tiny_mc_letter.jsonl", lines, "lm-eval-samples");

    assertThat(ids(scores)).isSorted();
  }
}
