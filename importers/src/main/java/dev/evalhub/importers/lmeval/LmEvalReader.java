package dev.evalhub.importers.lmeval;

import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads EleutherAI lm-evaluation-harness output: {@code results_<date_id>.json} of lm_eval 0.4.x
 * (task and group rows, {@code "metric,filter"} keys) and of the legacy 0.3 shape, joined with the
 * {@code samples_<task>_<date_id>.jsonl} files of the same run (same folder and date id), which are
 * streamed once for their SHA-256, their rows per filter and their scored continuations. The
 * mapping is documented in {@code docs/importing/lm-evaluation-harness.md}. Stateless; one {@link
 * #read} per import.
 */
public final class LmEvalReader implements LogReader {

  /** The framework id of every result this reader produces. */
  public static final String FRAMEWORK = "lm-evaluation-harness";

  /** Top-level keys only an lm-eval results file has next to {@code results}. */
  private static final List<String> RESULTS_KEYS =
      List.of("versions", "configs", "n-shot", "n-samples", "group_subtasks", "lm_eval_version");

  private static final Pattern RESULTS_NAME =
      Pattern.compile("(?:.*_)?results_" + LmEvalRun.DATE_ID.pattern() + ".*\\.json");

  private static final Pattern SAMPLES_NAME =
      Pattern.compile("samples_(.+)_(" + LmEvalRun.DATE_ID.pattern() + ")\\.jsonl");

  @Override
  public String framework() {
    return FRAMEWORK;
  }

  @Override
  public boolean accepts(Sniff sniff) {
    String name = sniff.baseName();
    if (name.endsWith(".jsonl")) {
      List<String> keys = sniff.firstLineKeys();
      return keys.containsAll(List.of("doc_id", "doc", "arguments"))
          || (SAMPLES_NAME.matcher(name).matches() && keys.contains("doc_id"));
    }
    if (!sniff.looksLikeJsonObject()) {
      return false;
    }
    List<String> keys = sniff.topLevelKeys();
    if (!keys.contains("results") || keys.contains("config_general") || keys.contains("plan")) {
      return false;
    }
    return keys.stream().anyMatch(RESULTS_KEYS::contains) || RESULTS_NAME.matcher(name).matches();
  }

  @Override
  public void read(List<LogSource> files, ImportContext context) {
    Map<String, Map<String, LogSource>> samplesByRun = new LinkedHashMap<>();
    List<LogSource> resultsFiles = new ArrayList<>();
    for (LogSource file : files) {
      if (!file.baseName().endsWith(".jsonl")) {
        resultsFiles.add(file);
        continue;
      }
      Matcher name = SAMPLES_NAME.matcher(file.baseName());
      if (!name.matches()) {
        context.warning(
            file,
            "cannot tell the task and the run from the name (lm-eval writes"
                + " samples_<task>_<date_id>.jsonl); ignored");
        continue;
      }
      samplesByRun
          .computeIfAbsent(runKey(file, name.group(2)), k -> new LinkedHashMap<>())
          .put(name.group(1), file);
    }
    Map<LogSource, Optional<SamplesScan.Summary>> scans = new HashMap<>();
    Set<LogSource> joined = new HashSet<>();
    Set<String> runsWithResults = new HashSet<>();
    for (LogSource file : resultsFiles) {
      Matcher id = LmEvalRun.DATE_ID.matcher(file.baseName());
      Map<String, LogSource> samples = Map.of();
      if (id.find()) {
        String run = runKey(file, id.group());
        runsWithResults.add(run);
        samples = samplesByRun.getOrDefault(run, Map.of());
      }
      Map<String, LogSource> ofThisRun = samples;
      Optional<JsonDoc> read = context.readJson(file);
      if (read.isEmpty()) {
        joined.addAll(samples.values());
      }
      read.ifPresent(
          doc ->
              new LmEvalResultsFile(
                      file,
                      doc,
                      context,
                      task -> {
                        LogSource found = ofThisRun.get(task);
                        if (found != null) {
                          joined.add(found);
                        }
                        return found;
                      },
                      source ->
                          scans
                              .computeIfAbsent(source, s -> new SamplesScan(s, context).scan())
                              .orElse(null))
                  .read());
    }
    samplesByRun.forEach(
        (run, samples) ->
            samples.values().stream()
                .filter(file -> !joined.contains(file))
                .forEach(
                    file ->
                        context.warning(
                            file,
                            runsWithResults.contains(run)
                                ? "the results file of this run has no row for its task; ignored"
                                : "no results file of this run (same folder and date id) was"
                                    + " given; ignored")));
  }

  private static String runKey(LogSource file, String dateId) {
    return file.folder() + "\u0000" + dateId;
  }
}
