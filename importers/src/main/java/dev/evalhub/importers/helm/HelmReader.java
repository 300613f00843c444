package dev.evalhub.importers.helm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HELM run folders: the files of one run are those with the same {@link LogSource#folder()}.
 * A file is HELM's by its base name and its content (a {@code stats.json} that is not a list of
 * stats is not taken). Stateless; one instance may serve many imports.
 */
public final class HelmReader implements LogReader {

  /** The framework id of HELM results. */
  public static final String FRAMEWORK = "helm";

  static final String RUN_SPEC = "run_spec.json";
  static final String STATS = "stats.json";
  static final String PER_INSTANCE_STATS = "per_instance_stats.json";
  static final String SCENARIO_STATE = "scenario_state.json";
  static final String SCENARIO = "scenario.json";

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String framework() {
    return FRAMEWORK;
  }

  @Override
  public boolean accepts(Sniff sniff) {
    return switch (sniff.baseName()) {
      case RUN_SPEC -> sniff.hasTopLevelKeys("name", "adapter_spec");
      case SCENARIO_STATE -> sniff.hasTopLevelKeys("adapter_spec", "request_states");
      case SCENARIO -> sniff.hasTopLevelKeys("name", "description");
      case STATS -> firstItemKeys(sniff.prefix()).map(k -> k.contains("name")).orElse(false);
      case PER_INSTANCE_STATS ->
          firstItemKeys(sniff.prefix()).map(k -> k.contains("instance_id")).orElse(false);
      default -> false;
    };
  }

  @Override
  public void read(List<LogSource> files, ImportContext context) {
    Map<String, Map<String, LogSource>> runs = new LinkedHashMap<>();
    for (LogSource file : files) {
      Map<String, LogSource> run = runs.computeIfAbsent(file.folder(), f -> new LinkedHashMap<>());
      if (run.putIfAbsent(file.baseName(), file) != null) {
        context.error(
            file,
            "a second "
                + file.baseName()
                + " in the same folder; a HELM run folder holds one of each file");
      }
    }
    for (Map.Entry<String, Map<String, LogSource>> run : runs.entrySet()) {
      new HelmRun(run.getKey(), run.getValue(), context).read();
    }
  }

  /**
   * The keys of the first object of a top-level JSON array, as far as {@code prefix} reaches; an
   * empty list for an empty array; empty when the text is not a JSON array of objects.
   */
  static Optional<List<String>> firstItemKeys(byte[] prefix) {
    List<String> keys = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(prefix)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return Optional.empty();
      }
      JsonToken first = parser.nextToken();
      if (first == JsonToken.END_ARRAY) {
        return Optional.of(List.of("name", "instance_id"));
      }
      if (first != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException | RuntimeException truncated) {
      // the keys seen before the prefix ended are the answer
    }
    return Optional.of(List.copyOf(keys));
  }
}
