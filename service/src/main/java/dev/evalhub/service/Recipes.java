package dev.evalhub.service;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.job.Job;
import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.yaml.YamlLimits;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's recipe file ({@code serve --runner-recipes FILE}; docs/RUNNER.md): which command
 * evaluates which benchmark, within which limits. Read once at start; a bad file is refused with
 * every problem as {@code FILE:LINE:COLUMN: message}. Immutable.
 *
 * <pre>
 * recipes:
 *   - id: tiny-lm-eval
 *     benchmark: bench/tiny              # a dataset repository, NAMESPACE/NAME
 *     framework: lm-evaluation-harness   # its eval.yaml's evaluation_framework
 *     command: [python3, /opt/tiny_eval.py, --tasks, "{task}", --output_path, "{output_dir}"]
 *     timeout: 30m                       # 90s, 30m, 2h, or seconds
 *     memory: 8589934592                 # bytes of address space; 0 or absent: no limit
 *     output_limit: 104857600            # bytes; default 1 GiB
 *     concurrency: 1                     # default 1
 * </pre>
 *
 * A command given as one string is split at whitespace (no quoting); a list is taken as it is.
 */
public final class Recipes {

  /** No recipe: the runner runs nothing and requests are refused. */
  public static final Recipes NONE = new Recipes(List.of());

  private static final Set<String> KEYS =
      Set.of(
          "id",
          "benchmark",
          "framework",
          "command",
          "timeout",
          "memory",
          "output_limit",
          "concurrency");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smh]?)");
  private static final long DEFAULT_OUTPUT_LIMIT = 1L << 30;

  private final List<Recipe> recipes;

  public Recipes(List<Recipe> recipes) {
    this.recipes = List.copyOf(recipes);
  }

  public List<Recipe> all() {
    return recipes;
  }

  /** The recipe named {@code id}. */
  public Optional<Recipe> byId(String id) {
    return recipes.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The recipe of {@code benchmark} (names compared ignoring case) and {@code framework}. */
  public Optional<Recipe> find(RepoId benchmark, String framework) {
    return recipes.stream()
        .filter(r -> r.benchmark().fullName().equalsIgnoreCase(benchmark.fullName()))
        .filter(r -> r.framework().equals(framework))
        .findFirst();
  }

  /**
   * Reads the recipe file {@code file}.
   *
   * @throws HubException INVALID with every problem, one per line, when it cannot be used
   */
  public static Recipes read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw HubException.invalid("cannot read the recipe file " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), bytes);
  }

  /** Reads the bytes of a recipe file named {@code name} in messages; see {@link #read}. */
  public static Recipes parse(String name, byte[] bytes) {
    YamlReader.Result read = new YamlReader(YamlLimits.DEFAULT).read(bytes);
    List<String> problems = new ArrayList<>();
    read.diagnostics().stream()
        .filter(Diagnostic::isError)
        .forEach(d -> problems.add(name + ":" + d.line() + ":" + d.column() + ": " + d.message()));
    List<Recipe> recipes = new ArrayList<>();
    if (problems.isEmpty()) {
      Optional<YamlNode> list =
          read.root()
              .filter(Mapping.class::isInstance)
              .flatMap(root -> ((Mapping) root).get("recipes"));
      if (list.isEmpty() || !(list.get() instanceof Sequence items)) {
        problems.add(name + ":1:1: the file must be a mapping with a list \"recipes\"");
      } else {
        Set<String> ids = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (YamlNode item : items.items()) {
          new Entry(name, problems)
              .recipe(item)
              .ifPresent(
                  recipe -> {
                    if (!ids.add(recipe.id())) {
                      problems.add(at(name, item) + "a second recipe with the id " + recipe.id());
                    } else if (!pairs.add(
                        recipe.benchmark().fullName().toLowerCase(java.util.Locale.ROOT)
                            + " "
                            + recipe.framework())) {
                      problems.add(
                          at(name, item)
                              + "a second recipe for "
                              + recipe.benchmark().fullName()
                              + " with "
                              + recipe.framework());
                    } else {
                      recipes.add(recipe);
                    }
                  });
        }
      }
    }
    if (!problems.isEmpty()) {
      throw HubException.invalid(String.join("\n", problems));
    }
    return new Recipes(recipes);
  }

  private static String at(String name, YamlNode node) {
    return name + ":" + node.line() + ":" + node.column() + ": ";
  }

  /** One list item read into a recipe, or problems. */
  private record Entry(String name, List<String> problems) {

    Optional<Recipe> recipe(YamlNode node) {
      if (!(node instanceof Mapping map)) {
        problems.add(at(name, node) + "a recipe must be a mapping, found a " + node.kindName());
        return Optional.empty();
      }
      int before = problems.size();
      for (YamlNode.Entry e : map.entries()) {
        if (!KEYS.contains(e.key().text())) {
          problems.add(
              at(name, e.key())
                  + "unknown key \""
                  + e.key().text()
                  + "\" (known: "
                  + String.join(", ", new java.util.TreeSet<>(KEYS))
                  + ")");
        }
      }
      String id = text(map, "id", true);
      if (id != null && !Job.isWord(id)) {
        problems.add(at(name, map.get("id").get()) + "id must be 1 to 128 of [A-Za-z0-9_.:-]");
      }
      RepoId benchmark = benchmark(map);
      String framework = text(map, "framework", true);
      List<String> command = command(map);
      Duration timeout = duration(map);
      long memory = number(map, "memory", 0);
      long outputLimit = number(map, "output_limit", DEFAULT_OUTPUT_LIMIT);
      long concurrency = number(map, "concurrency", 1);
      if (outputLimit < 1) {
        problems.add(at(name, map.get("output_limit").get()) + "output_limit must be 1 or more");
      }
      if (concurrency < 1 || concurrency > 64) {
        problems.add(at(name, map.get("concurrency").get()) + "concurrency must be 1 to 64");
      }
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          new Recipe(
              id, benchmark, framework, command, timeout, memory, outputLimit, (int) concurrency));
    }

    private String text(Mapping map, String key, boolean required) {
      Optional<YamlNode> node = map.get(key);
      if (node.isEmpty()) {
        if (required) {
          problems.add(at(name, map) + "the recipe has no \"" + key + "\"");
        }
        return null;
      }
      if (!(node.get() instanceof Scalar s) || s.isNull() || s.text().isBlank()) {
        problems.add(at(name, node.get()) + key + " must be a non-empty string");
        return null;
      }
      return s.text();
    }

    private RepoId benchmark(Mapping map) {
      String text = text(map, "benchmark", true);
      if (text == null) {
        return null;
      }
      return RepoId.parsePath("datasets/" + text)
          .filter(id -> text.split("/", -1).length == 2)
          .orElseGet(
              () -> {
                problems.add(
                    at(name, map.get("benchmark").get())
                        + "benchmark must be a dataset repository NAMESPACE/NAME, found \""
                        + text
                        + "\"");
                return null;
              });
    }

    private List<String> command(Mapping map) {
      Optional<YamlNode> node = map.get("command");
      if (node.isEmpty()) {
        problems.add(at(name, map) + "the recipe has no \"command\"");
        return List.of();
      }
      List<String> argv = new ArrayList<>();
      if (node.get() instanceof Sequence list) {
        for (YamlNode item : list.items()) {
          if (item instanceof Scalar s && !s.isNull()) {
            argv.add(s.text());
          } else {
            problems.add(at(name, item) + "each argument of the command must be a string");
          }
        }
      } else if (node.get() instanceof Scalar s && !s.isNull()) {
        argv.addAll(List.of(s.text().strip().split("\\s+")));
      }
      if (argv.isEmpty() || argv.get(0).isBlank()) {
        problems.add(at(name, node.get()) + "command must be a non-empty string or list");
        return List.of();
      }
      boolean output = false;
      for (String argument : argv) {
        for (String unknown : Recipe.unknownPlaceholders(argument)) {
          problems.add(
              at(name, node.get())
                  + "unknown placeholder "
                  + unknown
                  + " in the command (known: {benchmark_path}, {benchmark_revision},"
                  + " {model_path}, {model_revision}, {output_dir}, {task})");
        }
        output |= argument.contains("{output_dir}");
      }
      if (!output) {
        problems.add(
            at(name, node.get())
                + "the command must name {output_dir}: the runner imports what it writes there");
      }
      if (argv.get(0).contains("{")) {
        problems.add(at(name, node.get()) + "the program itself cannot be a placeholder");
      }
      return argv;
    }

    private Duration duration(Mapping map) {
      Optional<YamlNode> node = map.get("timeout");
      if (node.isEmpty()) {
        problems.add(at(name, map) + "the recipe has no \"timeout\" (such as 30m or 2h)");
        return Duration.ofSeconds(1);
      }
      Matcher m =
          node.get() instanceof Scalar s ? DURATION.matcher(s.text()) : DURATION.matcher("");
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        problems.add(
            at(name, node.get())
                + "timeout must be a positive number of seconds, or a number followed by s, m"
                + " or h");
        return Duration.ofSeconds(1);
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }

    private long number(Mapping map, String key, long absent) {
      Optional<YamlNode> node = map.get(key);
      if (node.isEmpty()) {
        return absent;
      }
      if (node.get() instanceof Scalar s && s.type() == YamlNode.ScalarType.INTEGER) {
        try {
          long value = Long.parseLong(s.text());
          if (value >= 0) {
            return value;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      problems.add(at(name, node.get()) + key + " must be a whole number, 0 or more");
      return absent;
    }
  }
}
