package dev.evalhub.importers;

import dev.evalhub.formats.model.Methodology;
import java.util.Objects;

/**
 * One headline number a log states: which framework, which of the framework's tasks (or groups) and
 * which metric key (as the framework writes it, e.g. {@code acc,none} for lm-eval, {@code accuracy}
 * for Inspect), the value and its standard error in the framework's own units, how many items were
 * scored, when, for which model (as the log names it), how it was produced, and the per-sample file
 * behind it. Immutable; optional fields are null when the log does not say.
 *
 * @param file the name of the log file the number comes from
 * @param framework the evaluation framework id ({@code lm-evaluation-harness}, {@code inspect-ai},
 *     {@code lighteval}, {@code helm}, or the framework an EEE record names)
 * @param date an ISO-8601 date-time (UTC, {@code Z}) of the run, or null
 * @param model the model as the log names it ({@code meta-llama/Llama-3.1-8B-Instruct}, {@code
 *     openai/gpt-4o}), or null
 * @param methodology the methodology keys read from the log (never guessed from names)
 * @param details the per-sample file, or null when none was given
 */
public record LogResult(
    String file,
    String framework,
    String task,
    String metric,
    double value,
    Double stderr,
    Long numSamples,
    String date,
    String model,
    Methodology methodology,
    DetailsFile details) {

  public LogResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(methodology, "methodology");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value);
    }
    if (stderr != null && !(stderr >= 0 && Double.isFinite(stderr))) {
      throw new IllegalArgumentException("stderr must be finite and >= 0, got " + stderr);
    }
  }

  /** {@code lm-evaluation-harness mmlu acc,none}: how diagnostics and previews name the number. */
  public String label() {
    return framework + " " + task + " " + metric;
  }
}
