package dev.evalhub.importers;

import dev.evalhub.formats.Severity;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.BenchmarkTask;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.TaskSettings.FrameworkSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Maps the numbers read from logs to the tasks of registered benchmarks, through the {@code
 * evalhub.tasks.<id>.sources} of their {@code eval.yaml}: a result feeds a task when one of the
 * task's sources names the result's framework, framework task and metric key; its value and stderr
 * are multiplied by the source's {@code scale}. A choice ({@link Choice}: a benchmark, a task and a
 * metric key) overrides the sources for logs whose benchmark says nothing about them. The rules,
 * and every message, are in {@code docs/importing/README.md}. Immutable and thread-safe.
 */
public final class BenchmarkMatcher {

  private final Map<String, Benchmark> benchmarks;

  /** A matcher over {@code benchmarks}, keyed by dataset id ({@code namespace/name}). */
  public BenchmarkMatcher(Map<String, Benchmark> benchmarks) {
    this.benchmarks = new LinkedHashMap<>(benchmarks);
  }

  /**
   * What the importing person named: a benchmark (dataset id), a task of it and a framework metric
   * key, each null when not named. {@code metric} may also be {@code TASK:KEY}, naming the
   * framework task too (for logs that hold the key for several tasks).
   */
  public record Choice(String benchmark, String task, String metric) {
    public static final Choice NONE = new Choice(null, null, null);

    /** Whether a benchmark was named. */
    public boolean named() {
      return benchmark != null;
    }
  }

  /** One result of a log and the benchmark task entry it becomes. */
  public record Match(LogResult from, String datasetId, String taskId, ResultEntry entry) {
    public Match {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(datasetId, "datasetId");
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** What the matcher made of the results: the entries, and every problem (errors refuse). */
  public record Matched(List<Match> matches, List<LogDiagnostic> diagnostics) {
    public Matched {
      matches = List.copyOf(matches);
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(LogDiagnostic::isError);
    }
  }

  /** Maps {@code results} (from {@link LogImporter}) to benchmark tasks, as {@code choice} says. */
  public Matched match(List<LogResult> results, Choice choice) {
    if (results.isEmpty()) {
      return new Matched(List.of(), List.of());
    }
    if (choice.named() && choice.task() == null) {
      Benchmark benchmark = benchmarks.get(choice.benchmark());
      if (benchmark != null && benchmark.tasks().size() == 1) {
        choice = new Choice(choice.benchmark(), benchmark.tasks().get(0).id(), choice.metric());
      }
    }
    return choice.named() && choice.task() != null
        ? matchChosenTask(results, choice)
        : matchBySources(results, choice);
  }

  private Matched matchBySources(List<LogResult> results, Choice choice) {
    List<Match> matches = new ArrayList<>();
    List<LogDiagnostic> diagnostics = new ArrayList<>();
    List<LogResult> unmapped = new ArrayList<>();
    Map<String, Benchmark> searched = benchmarks;
    if (choice.named()) {
      Benchmark benchmark = benchmarks.get(choice.benchmark());
      if (benchmark == null) {
        return refused(results, notRegistered(choice.benchmark()));
      }
      searched = Map.of(choice.benchmark(), benchmark);
    }
    for (LogResult result : results) {
      List<Target> targets = new ArrayList<>();
      searched.forEach(
          (id, benchmark) -> {
            for (BenchmarkTask task : benchmark.tasks()) {
              for (FrameworkSource source : benchmark.settings(task.id()).sources()) {
                if (source.framework().equals(result.framework())
                    && source.task().equals(result.task())
                    && source.metric().equals(result.metric())) {
                  targets.add(new Target(id, task.id(), source.scale()));
                }
              }
            }
          });
      if (targets.size() == 1) {
        matches.add(match(result, targets.get(0)));
      } else if (targets.size() > 1) {
        diagnostics.add(
            error(
                result,
                result.label()
                    + " feeds several benchmark tasks: "
                    + targets.stream().map(Target::name).collect(Collectors.joining(", "))
                    + "; name one with --benchmark NS/NAME --task ID (API: benchmark=, task=)"));
      } else {
        unmapped.add(result);
      }
    }
    if (matches.isEmpty() && diagnostics.isEmpty()) {
      diagnostics.add(
          error(
              results.get(0),
              "no result of the logs feeds a task of "
                  + (choice.named()
                      ? "the benchmark " + choice.benchmark()
                      : "a benchmark registered on this hub")
                  + " (through its eval.yaml's evalhub.tasks.<id>.sources); the logs hold: "
                  + labels(results)
                  + ". Name the task with --benchmark NS/NAME --task ID --metric KEY"
                  + " (API: benchmark=, task=, metric=), or add a source to the benchmark"));
    } else if (!unmapped.isEmpty()) {
      diagnostics.add(
          new LogDiagnostic(
              Severity.WARNING,
              unmapped.get(0).file(),
              "",
              0,
              0,
              "",
              unmapped.size()
                  + (unmapped.size() == 1 ? " result feeds" : " results feed")
                  + " no benchmark task and "
                  + (unmapped.size() == 1 ? "is" : "are")
                  + " left out: "
                  + labels(unmapped)));
    }
    return new Matched(matches, diagnostics);
  }

  private Matched matchChosenTask(List<LogResult> results, Choice choice) {
    Benchmark benchmark = benchmarks.get(choice.benchmark());
    if (benchmark == null) {
      return refused(results, notRegistered(choice.benchmark()));
    }
    String taskId = choice.task();
    if (benchmark.task(taskId).isEmpty()) {
      return refused(
          results,
          "\""
              + taskId
              + "\" is not a task of the benchmark "
              + choice.benchmark()
              + "; its tasks are "
              + benchmark.tasks().stream()
                  .map(BenchmarkTask::id)
                  .collect(Collectors.joining(", ")));
    }
    List<FrameworkSource> sources = benchmark.settings(taskId).sources();
    List<LogResult> fitting = new ArrayList<>();
    if (choice.metric() != null) {
      for (LogResult result : results) {
        if (choice.metric().equals(result.metric())
            || choice.metric().equals(result.task() + ":" + result.metric())) {
          fitting.add(result);
        }
      }
      if (fitting.isEmpty()) {
        return refused(
            results,
            "no result of the logs has the metric \""
                + choice.metric()
                + "\"; the logs hold: "
                + labels(results));
      }
    } else if (results.size() == 1) {
      fitting.add(results.get(0));
    } else {
      for (LogResult result : results) {
        for (FrameworkSource source : sources) {
          if (source.framework().equals(result.framework())
              && source.metric().equals(result.metric())
              && source.task().equals(result.task())) {
            fitting.add(result);
          }
        }
      }
      if (fitting.isEmpty()) {
        return refused(
            results,
            "the task "
                + choice.benchmark()
                + " "
                + taskId
                + " names no source for these logs, so evalhub cannot tell which of their"
                + " numbers it is; name the metric with --metric KEY (or TASK:KEY; API: metric=);"
                + " the logs hold: "
                + labels(results));
      }
    }
    if (fitting.size() > 1 && !sameTaskTwice(fitting)) {
      return refused(
          results,
          fitting.size()
              + " results of the logs fit the task "
              + choice.benchmark()
              + " "
              + taskId
              + ": "
              + labels(fitting)
              + "; name one with --metric TASK:KEY (e.g. --metric "
              + fitting.get(0).task()
              + ":"
              + fitting.get(0).metric()
              + ")");
    }
    List<Match> matches = new ArrayList<>();
    for (LogResult result : fitting) {
      double scale =
          sources.stream()
              .filter(
                  s ->
                      s.framework().equals(result.framework())
                          && s.metric().equals(result.metric()))
              .mapToDouble(FrameworkSource::scale)
              .findFirst()
              .orElse(1);
      matches.add(match(result, new Target(choice.benchmark(), taskId, scale)));
    }
    return new Matched(matches, List.of());
  }

  /** Several runs of one framework task (several logs), which are several entries of one task. */
  private static boolean sameTaskTwice(List<LogResult> fitting) {
    return fitting.stream()
            .map(r -> r.framework() + " " + r.task() + " " + r.metric())
            .distinct()
            .count()
        == 1;
  }

  private static Matched refused(List<LogResult> results, String message) {
    return new Matched(List.of(), List.of(error(results.get(0), message)));
  }

  private static String notRegistered(String benchmark) {
    return "the benchmark "
        + benchmark
        + " is not registered on this hub (no dataset you can read with a valid eval.yaml)";
  }

  private static LogDiagnostic error(LogResult result, String message) {
    return new LogDiagnostic(Severity.ERROR, result.file(), "", 0, 0, "", message);
  }

  /** {@code lm-evaluation-harness tiny_mc_letter acc,none; inspect-ai arc accuracy}. */
  private static String labels(List<LogResult> results) {
    return results.stream().map(LogResult::label).distinct().collect(Collectors.joining("; "));
  }

  private static Match match(LogResult result, Target target) {
    ResultEntry entry =
        new ResultEntry(
            new ResultEntry.DatasetRef(target.datasetId(), target.taskId(), null),
            scaled(result.value(), target.scale()),
            null,
            result.date(),
            null,
            null,
            result.stderr() == null ? null : scaled(result.stderr(), target.scale()),
            result.numSamples(),
            result.methodology().fields().isEmpty() ? null : result.methodology(),
            result.details() == null
                ? null
                : new ResultEntry.Details(
                    null,
                    result.details().path(),
                    result.details().sha256(),
                    result.details().format()),
            Map.of());
    return new Match(result, target.datasetId(), target.taskId(), entry);
  }

  /** {@code value × scale} in decimal, so that 0.57 × 100 is 57.0, not 56.99999999999999. */
  static double scaled(double value, double scale) {
    if (scale == 1) {
      return value;
    }
    return new BigDecimal(Double.toString(value))
        .multiply(new BigDecimal(Double.toString(scale)))
        .doubleValue();
  }

  private record Target(String datasetId, String taskId, double scale) {
    String name() {
      return datasetId + " " + taskId;
    }
  }
}
