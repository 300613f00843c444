package dev.evalhub.importers.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * HELM {@code per_instance_stats.json}: a list streamed entry by entry (one entry per instance and
 * train trial); entries with a {@code perturbation} are left out; the item id is {@code
 * instance_id}; the metrics are the names of the entry's stats on split {@code test} without a
 * perturbation or sub-split, valued by their {@code mean} (a stat without a mean, {@code count} 0,
 * is no score); several train trials of an instance are reduced to their mean, as HELM's
 * per-instance standard error does ({@code helm.PerInstance}).
 */
final class HelmSampleScores {

  static final String FORMAT = "helm-per-instance";
  private static final String SPLIT = "test";

  private HelmSampleScores() {}

  static SampleScores read(LogSource file, ImportLimits limits) throws BadDetails {
    JsonMapper mapper = JsonDoc.mapper(limits);
    ItemTable table = new ItemTable();
    Set<String> seen = new HashSet<>();
    try (InputStream in = file.open();
        JsonParser parser = mapper.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new BadDetails(
            "per_instance_stats.json is a list of per-instance stats; this file is not a list");
      }
      int index = 0;
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        entry(mapper.readTree(parser), index, table, seen);
        index++;
      }
      if (parser.currentToken() != JsonToken.END_ARRAY) {
        throw new BadDetails("entry " + index + " is not a JSON object");
      }
      if (parser.nextToken() != null) {
        throw new BadDetails("more than one JSON value in the file");
      }
    } catch (JsonProcessingException e) {
      throw new BadDetails(
          "not valid JSON at line "
              + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadDetails("cannot read the file: " + e.getMessage());
    }
    return table.build(FORMAT);
  }

  private static void entry(JsonNode entry, int index, ItemTable table, Set<String> seen)
      throws BadDetails {
    JsonNode instance = entry.path("instance_id");
    if (!instance.isTextual() && !instance.isIntegralNumber()) {
      throw new BadDetails("entry " + index + ": no instance_id; not HELM per-instance stats");
    }
    if (!absent(entry.path("perturbation"))) {
      return;
    }
    String id = instance.asText();
    JsonNode trial = entry.path("train_trial_index");
    String at = "entry " + index + " (instance " + id + ", train trial " + trial.asText("0") + ")";
    Map<String, Double> means = new LinkedHashMap<>();
    for (JsonNode stat : entry.path("stats")) {
      JsonNode name = stat.path("name");
      if (!SPLIT.equals(name.path("split").asText(null))
          || !absent(name.path("perturbation"))
          || !absent(name.path("sub_split"))
          || !name.path("name").isTextual()) {
        continue;
      }
      JsonNode mean = stat.path("mean");
      if (absent(mean)) {
        means.putIfAbsent(name.path("name").asText(), null);
        continue;
      }
      if (!mean.isNumber() || !Double.isFinite(mean.asDouble())) {
        throw new BadDetails(
            at
                + ": the mean of "
                + name.path("name").asText()
                + " is "
                + mean
                + ", not a finite number");
      }
      if (means.get(name.path("name").asText()) != null) {
        throw new BadDetails(at + ": two test stats named " + name.path("name").asText());
      }
      means.put(name.path("name").asText(), mean.asDouble());
    }
    if (means.isEmpty()) {
      return;
    }
    if (!seen.add(id + '\u0000' + trial.asText("0"))) {
      throw new BadDetails(at + ": a second entry for this instance and train trial");
    }
    int item = table.item(id);
    table.epoch(item);
    for (Map.Entry<String, Double> mean : means.entrySet()) {
      int column = table.metric(mean.getKey());
      if (mean.getValue() != null) {
        table.add(item, column, mean.getValue());
      }
    }
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }
}
