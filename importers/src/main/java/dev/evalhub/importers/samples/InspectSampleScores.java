package dev.evalhub.importers.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.inspect.EvalZip;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inspect AI logs, {@code .eval} (a zip of {@code header.json} and {@code
 * samples/<id>_epoch_<n>.json}) and {@code .json} (one object, {@code samples} streamed element by
 * element): one item per sample {@code id}, its epochs reduced to their mean. A score's {@code
 * value} counts as Inspect's {@code value_to_float} does: {@code "C"} 1, {@code "I"} 0, {@code "P"}
 * 0.5, {@code "N"} 0, {@code yes/true} 1, {@code no/false} 0, a number or a numeric string as is, a
 * boolean 1/0; a null value is no score; a dict gives one metric per key, {@code scorer/key}. The
 * cluster key is the sample metadata key a metric of {@code results.scores} names in its params
 * ({@code stderr(cluster="x")} records {@code "params": {"cluster": "x"}}; older logs {@code
 * "options"}).
 */
final class InspectSampleScores {

  static final String EVAL = "inspect-eval";
  static final String JSON = "inspect-json";

  private final ImportLimits limits;
  private final JsonMapper mapper;
  private final ItemTable table = new ItemTable();
  private final Set<String> seen = new HashSet<>();
  private String clusterKey;

  private InspectSampleScores(ImportLimits limits) {
    this.limits = limits;
    this.mapper = JsonDoc.mapper(limits);
  }

  static SampleScores readEval(LogSource file, ImportLimits limits) throws BadDetails {
    InspectSampleScores reader = new InspectSampleScores(limits);
    ImportContext context = new ImportContext(limits, ImportProgress.NONE);
    Optional<EvalZip> opened = EvalZip.open(file, context);
    if (opened.isEmpty()) {
      throw new BadDetails(firstError(context));
    }
    try (EvalZip zip = opened.get()) {
      if (zip.has("header.json")) {
        byte[] header =
            zip.read("header.json").orElseThrow(() -> new BadDetails(firstError(context)));
        reader.results(reader.tree(header, "header.json").path("results"));
      }
      boolean any = false;
      for (String name : zip.names()) {
        if (!name.startsWith("samples/") || !name.endsWith(".json")) {
          continue;
        }
        any = true;
        byte[] bytes = zip.read(name).orElseThrow(() -> new BadDetails(firstError(context)));
        try (JsonParser parser = reader.mapper.createParser(bytes)) {
          if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new BadDetails("entry " + name + ": a sample must be a JSON object");
          }
          reader.sample(parser, "entry " + name);
        } catch (JsonProcessingException e) {
          throw new BadDetails("entry " + name + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
          throw new BadDetails("entry " + name + ": cannot read: " + e.getMessage());
        }
      }
      if (!any && !zip.has("header.json")) {
        throw new BadDetails(
            "the archive has neither header.json nor samples/; not an Inspect log");
      }
    }
    return reader.table.build(EVAL);
  }

  static SampleScores readJson(LogSource file, ImportLimits limits) throws BadDetails {
    InspectSampleScores reader = new InspectSampleScores(limits);
    reader.jsonPass(file, true);
    reader.jsonPass(file, false);
    return reader.table.build(JSON);
  }

  /** One pass over a {@code .json} log: the first reads {@code results}, the second samples. */
  private void jsonPass(LogSource file, boolean resultsPass) throws BadDetails {
    try (InputStream in = file.open();
        JsonParser parser = mapper.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadDetails("an Inspect log is a JSON object; this file is not");
      }
      boolean sawEval = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        JsonToken token = parser.nextToken();
        if (key.equals("eval")) {
          sawEval = true;
        }
        if (resultsPass && key.equals("results")) {
          results(mapper.readTree(parser));
          return;
        } else if (!resultsPass && key.equals("samples") && token == JsonToken.START_ARRAY) {
          int index = 0;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            sample(parser, "samples[" + index + "]");
            index++;
          }
          if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw new BadDetails("samples[" + index + "] is not a JSON object");
          }
        } else {
          parser.skipChildren();
        }
      }
      if (!resultsPass && !sawEval) {
        throw new BadDetails("the object has no \"eval\" member; not an Inspect log");
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
  }

  private JsonNode tree(byte[] bytes, String entry) throws BadDetails {
    JsonDoc.Parsed parsed = JsonDoc.parse(bytes, limits);
    if (parsed.doc().isEmpty()) {
      throw new BadDetails("entry " + entry + ": " + parsed.error().orElseThrow().message());
    }
    return parsed.doc().get().root();
  }

  /** Finds the cluster key the metrics of {@code results.scores} declare, if any. */
  private void results(JsonNode results) {
    for (JsonNode score : results.path("scores")) {
      for (JsonNode metric : score.path("metrics")) {
        for (String params : new String[] {"params", "options"}) {
          JsonNode cluster = metric.path(params).path("cluster");
          if (clusterKey == null && cluster.isTextual() && !cluster.asText().isEmpty()) {
            clusterKey = cluster.asText();
          }
        }
      }
    }
  }

  /** Reads one sample object (the parser on its START_OBJECT) into the table. */
  private void sample(JsonParser parser, String where) throws IOException, BadDetails {
    String id = null;
    long epoch = 1;
    JsonNode scores = null;
    JsonNode metadata = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (key) {
        case "id" -> {
          if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_STRING) {
            throw new BadDetails(where + ": the sample id is not an integer or a string");
          }
          id = parser.getText();
        }
        case "epoch" -> {
          if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new BadDetails(where + ": the sample epoch is not an integer");
          }
          epoch = parser.getLongValue();
        }
        case "scores" -> scores = mapper.readTree(parser);
        case "metadata" -> metadata = clusterKey == null ? skip(parser) : mapper.readTree(parser);
        default -> parser.skipChildren();
      }
    }
    if (id == null) {
      throw new BadDetails(where + ": the sample has no id");
    }
    String at = where + " (sample " + id + ", epoch " + epoch + ")";
    if (!seen.add(id + '\u0000' + epoch)) {
      throw new BadDetails(at + ": a second sample with this id and epoch");
    }
    int item = table.item(id);
    table.epoch(item);
    if (clusterKey != null && metadata != null) {
      JsonNode value = metadata.path(clusterKey);
      if (!value.isMissingNode() && !value.isNull()) {
        table.cluster(item, value.isValueNode() ? value.asText() : value.toString());
      }
    }
    if (scores == null || scores.isNull()) {
      return;
    }
    if (!scores.isObject()) {
      throw new BadDetails(at + ": scores is not an object of scorer name to score");
    }
    for (Map.Entry<String, JsonNode> scorer : scores.properties()) {
      JsonNode value = scorer.getValue().path("value");
      if (value.isObject()) {
        for (Map.Entry<String, JsonNode> part : value.properties()) {
          String metric = scorer.getKey() + "/" + part.getKey();
          add(item, metric, part.getValue(), at);
        }
      } else {
        add(item, scorer.getKey(), value, at);
      }
    }
  }

  private static JsonNode skip(JsonParser parser) throws IOException {
    parser.skipChildren();
    return null;
  }

  private void add(int item, String metric, JsonNode value, String at) throws BadDetails {
    int column = table.metric(metric);
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    table.add(item, column, number(value, metric, at));
  }

  /** Inspect's {@code value_to_float}, refusing what it cannot count and non-finite numbers. */
  static double number(JsonNode value, String metric, String at) throws BadDetails {
    if (value.isNumber()) {
      double v = value.asDouble();
      if (!Double.isFinite(v)) {
        throw new BadDetails(at + ": score " + metric + " is " + value + ", not a finite number");
      }
      return v;
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? 1 : 0;
    }
    if (value.isTextual()) {
      String text = value.asText();
      switch (text) {
        case "C":
          return 1;
        case "I", "N":
          return 0;
        case "P":
          return 0.5;
        default:
          break;
      }
      switch (text.toLowerCase(Locale.ROOT)) {
        case "yes", "true":
          return 1;
        case "no", "false":
          return 0;
        default:
          break;
      }
      try {
        double v = Double.parseDouble(text);
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw new BadDetails(
        at
            + ": score "
            + metric
            + " is "
            + value
            + ", not C, I, P, N, yes/no, true/false, a boolean or a finite number");
  }

  private static String firstError(ImportContext context) {
    return context.finish().diagnostics().stream()
        .filter(LogDiagnostic::isError)
        .map(d -> (d.entry().isEmpty() ? "" : "entry " + d.entry() + ": ") + d.message())
        .findFirst()
        .orElse("the archive cannot be read");
  }
}
