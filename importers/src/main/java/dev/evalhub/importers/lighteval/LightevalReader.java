package dev.evalhub.importers.lighteval;

import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportContext;
import dev.evalhub.importers.JsonDoc;
import dev.evalhub.importers.LogReader;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.Sniff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads lighteval's {@code results_<timestamp>.json} files and the {@code
 * details_<task>_<timestamp>.parquet} files behind them (joined by task key and timestamp). Not
 * thread-safe; one instance may serve many imports.
 */
public final class LightevalReader implements LogReader {

  /** The framework id of lighteval results. */
  public static final String FRAMEWORK = "lighteval";

  /** The {@code details.format} of the parquet files. */
  public static final String DETAILS_FORMAT = "lighteval-parquet";

  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}(?:\\.\\d+)?";
  private static final Pattern RESULTS_NAME =
      Pattern.compile("results_(" + TIMESTAMP + ")(?:_.*)?\\.json", Pattern.CASE_INSENSITIVE);
  private static final Pattern DETAILS_NAME =
      Pattern.compile("details_(.+)_(" + TIMESTAMP + ")\\.parquet", Pattern.CASE_INSENSITIVE);

  @Override
  public String framework() {
    return FRAMEWORK;
  }

  /**
   * A JSON object with {@code results} and one of lighteval's own keys ({@code config_general},
   * {@code config_tasks}, {@code summary_tasks}), or a parquet file named {@code details_…}.
   */
  @Override
  public boolean accepts(Sniff sniff) {
    if (sniff.isParquet()) {
      return sniff.baseName().startsWith("details_");
    }
    if (!sniff.looksLikeJsonObject()) {
      return false;
    }
    List<String> keys = sniff.topLevelKeys();
    return keys.contains("results")
        && (keys.contains("config_general")
            || keys.contains("config_tasks")
            || keys.contains("summary_tasks"));
  }

  @Override
  public void read(List<LogSource> files, ImportContext context) {
    List<LogSource> results = new ArrayList<>();
    List<Details> details = new ArrayList<>();
    for (LogSource file : files) {
      if (DetailsParquet.hasMagic(file) || file.baseName().endsWith(".parquet")) {
        details.add(Details.of(file, context));
      } else {
        results.add(file);
      }
    }
    for (LogSource file : results) {
      Optional<JsonDoc> doc = context.readJson(file);
      if (doc.isEmpty()) {
        continue;
      }
      String timestamp = timestamp(RESULTS_NAME.matcher(file.baseName()));
      new ResultsFile(file, doc.get(), timestamp, context, key -> claim(details, key, timestamp))
          .read();
    }
    for (Details unclaimed : details) {
      if (!unclaimed.claimed && unclaimed.taskKey != null) {
        context.warning(
            unclaimed.file,
            "no results file of this import has task "
                + unclaimed.taskKey
                + " at "
                + unclaimed.timestamp
                + "; the details are not attached to any result");
      }
    }
  }

  /** The details file of {@code taskKey} at {@code timestamp}, hashed and read once. */
  private static Optional<Attached> claim(List<Details> all, String taskKey, String timestamp) {
    String wanted = taskKey.replace('|', '_');
    for (Details details : all) {
      if (details.taskKey != null
          && details.taskKey.replace('|', '_').equals(wanted)
          && (timestamp == null || timestamp.equals(details.timestamp))) {
        details.claimed = true;
        return details.attached();
      }
    }
    return Optional.empty();
  }

  private static String timestamp(Matcher matcher) {
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** lighteval's file-name timestamp {@code 2025-09-26T18-27-42.841353} as ISO-8601 with Z. */
  static String isoDate(String timestamp) {
    if (timestamp == null) {
      return null;
    }
    String date = timestamp.substring(0, 10);
    String time = timestamp.substring(11).replaceFirst("^(\\d{2})-(\\d{2})-(\\d{2})", "$1:$2:$3");
    return date + "T" + time + "Z";
  }

  /** A details file attached to results: its {@link DetailsFile} and what DuckDB read in it. */
  record Attached(DetailsFile file, DetailsParquet.Facts facts) {}

  /** One details parquet of the import, read at most once. */
  private static final class Details {
    final LogSource file;
    final String taskKey;
    final String timestamp;
    final ImportContext context;
    boolean claimed;
    private Optional<Attached> attached;

    private Details(LogSource file, String taskKey, String timestamp, ImportContext context) {
      this.file = file;
      this.taskKey = taskKey;
      this.timestamp = timestamp;
      this.context = context;
    }

    static Details of(LogSource file, ImportContext context) {
      Matcher name = DETAILS_NAME.matcher(file.baseName());
      if (!name.matches()) {
        context.warning(
            file,
            "a lighteval details file is named details_<task>_<timestamp>.parquet; this name names"
                + " no task, so the file is attached to no result");
        return new Details(file, null, null, context);
      }
      return new Details(file, name.group(1), name.group(2), context);
    }

    Optional<Attached> attached() {
      if (attached == null) {
        attached = read();
      }
      return attached;
    }

    private Optional<Attached> read() {
      Optional<DetailsParquet.Facts> facts = DetailsParquet.read(file, context);
      if (facts.isEmpty()) {
        return Optional.empty();
      }
      return context
          .sha256(file)
          .map(
              sha ->
                  new Attached(
                      new DetailsFile(
                          file,
                          DetailsFile.FOLDER + safeName(file.baseName()),
                          sha,
                          file.size(),
                          DETAILS_FORMAT),
                      facts.get()));
    }
  }

  /** A file name safe in a repository path: characters outside {@code [A-Za-z0-9._-]} become _. */
  static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
