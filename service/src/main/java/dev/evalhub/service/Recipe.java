package dev.evalhub.service;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the hub's runner evaluates one benchmark with one framework, as the operator configured it
 * ({@link Recipes}): the command as an argument list whose placeholders the runner replaces by
 * values it controls, and the limits of a run. The command runs without a shell: an argument never
 * splits, and no user text is interpolated but the task id, which the runner validates against the
 * benchmark's {@code eval.yaml}. Immutable.
 *
 * @param id the recipe's name, recorded in each job it runs
 * @param benchmark the dataset repository whose tasks it runs
 * @param framework the {@code evaluation_framework} of that benchmark's {@code eval.yaml}
 * @param command the program and its arguments, with placeholders ({@link #PLACEHOLDERS})
 * @param timeout the wall-clock limit of a run; the process tree is destroyed past it
 * @param memoryBytes the address-space limit of the process ({@code prlimit --as}); 0: none
 * @param outputLimitBytes the most bytes the output folder may hold after a run, and its log
 * @param concurrency how many jobs of this recipe may run at once
 */
public record Recipe(
    String id,
    RepoId benchmark,
    String framework,
    List<String> command,
    Duration timeout,
    long memoryBytes,
    long outputLimitBytes,
    int concurrency) {

  /** The placeholders a command may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of(
          "model_path",
          "model_revision",
          "benchmark_path",
          "benchmark_revision",
          "task",
          "output_dir");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  public Recipe {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(framework, "framework");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("recipe " + id + ": the command is empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("recipe " + id + ": the timeout must be positive");
    }
    if (memoryBytes < 0 || outputLimitBytes <= 0 || concurrency < 1) {
      throw new IllegalArgumentException(
          "recipe " + id + ": memory >= 0, output_limit > 0 and concurrency >= 1 are required");
    }
  }

  /** The placeholders of {@code argument} that are not {@link #PLACEHOLDERS}. */
  public static List<String> unknownPlaceholders(String argument) {
    List<String> unknown = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(argument);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        unknown.add("{" + m.group(1) + "}");
      }
    }
    return unknown;
  }

  /**
   * The command with every placeholder replaced by its value in {@code values} (each of {@link
   * #PLACEHOLDERS}); an argument stays one argument whatever the value holds.
   *
   * @throws HubException INVALID when a placeholder has no value
   */
  public List<String> argv(Map<String, String> values) {
    List<String> argv = new ArrayList<>();
    for (String argument : command) {
      Matcher m = PLACEHOLDER.matcher(argument);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw HubException.invalid("no value for {" + m.group(1) + "} in recipe " + id);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      argv.add(out.toString());
    }
    return List.copyOf(argv);
  }
}
