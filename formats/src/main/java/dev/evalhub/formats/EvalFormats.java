package dev.evalhub.formats;

import dev.evalhub.formats.internal.BaseModelReader;
import dev.evalhub.formats.internal.BenchmarkReader;
import dev.evalhub.formats.internal.ModelCardReader;
import dev.evalhub.formats.internal.PlainJson;
import dev.evalhub.formats.internal.ResultsReader;
import dev.evalhub.formats.model.BaseModels;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates evalhub's three file formats: bytes in, typed values and positioned
 * diagnostics out. No I/O. Thread-safe; one instance serves a whole hub.
 *
 * <pre>{@code
 * Validated<ResultsFile> results = EvalFormats.standard().readResults(bytes);
 * results.diagnostics().forEach(d -> System.err.println(d.format(".eval_results/hle.yaml")));
 * }</pre>
 */
public final class EvalFormats {

  private static final EvalFormats STANDARD = new EvalFormats(FormatOptions.DEFAULT);

  private final FormatOptions options;
  private final YamlReader yaml;

  public EvalFormats(FormatOptions options) {
    this.options = options;
    this.yaml = new YamlReader(options.limits());
  }

  /** The reader with the spec's defaults. */
  public static EvalFormats standard() {
    return STANDARD;
  }

  public FormatOptions options() {
    return options;
  }

  /** Reads an {@code eval.yaml}. */
  public Validated<Benchmark> readBenchmark(byte[] bytes) {
    YamlReader.Result document = yaml.read(bytes);
    return document.root().isEmpty()
        ? Validated.failed(orEmptyDocument(document.diagnostics(), "a benchmark"))
        : new BenchmarkReader(options).read(document.root().get(), document.diagnostics());
  }

  /** Reads a {@code .eval_results/*.yaml} file. */
  public Validated<ResultsFile> readResults(byte[] bytes) {
    YamlReader.Result document = yaml.read(bytes);
    return document.root().isEmpty()
        ? Validated.failed(orEmptyDocument(document.diagnostics(), "a list of results"))
        : new ResultsReader().read(document.root().get(), document.diagnostics());
  }

  /**
   * Reads the {@code model-index} of a {@code README.md}'s front matter, found as the Hub finds it
   * ({@link FrontMatter}). A README without front matter, or whose front matter has no {@code
   * model-index}, is valid and holds no results; one that starts with {@code ---} but has no front
   * matter for the Hub gets a warning, and so does one that is not valid UTF-8 (read, as the Hub
   * reads it, with replacement characters). Front matter beyond evalhub's YAML limits (size, depth,
   * anchors, aliases, tags) is not read, with a warning: the Hub would take it, and evalhub never
   * expands it.
   */
  public Validated<ModelCard> readModelCard(byte[] readme) {
    List<Diagnostic> notes = new ArrayList<>();
    if (FrontMatter.isMalformedUtf8(readme)) {
      notes.add(
          Diagnostic.warning(
              1,
              1,
              "",
              "the file is not valid UTF-8; read with replacement characters, as the"
                  + " Hub reads it"));
    }
    Optional<FrontMatter> frontMatter = FrontMatter.find(readme);
    if (frontMatter.isEmpty()) {
      FrontMatter.whyNotRead(readme)
          .ifPresent(
              why ->
                  notes.add(Diagnostic.warning(1, 1, "", why + "; its model-index is not read")));
      return Validated.of(new ModelCard(List.of()), notes);
    }
    int offset = frontMatter.get().firstLine() - 1;
    YamlReader.Result document = yaml.read(frontMatter.get().yaml());
    if (document.exceededLimits()) {
      Diagnostic first = document.diagnostics().get(0).shiftedBy(offset);
      notes.add(
          Diagnostic.warning(
              first.line(),
              first.column(),
              first.path(),
              "the front matter is beyond what"
                  + " evalhub reads ("
                  + first.message()
                  + "); its model-index is not read"));
      return Validated.of(new ModelCard(List.of()), notes);
    }
    Validated<ModelCard> card = readModelCardYaml(document);
    card.diagnostics().forEach(d -> notes.add(d.shiftedBy(offset)));
    return new Validated<>(card.value(), notes);
  }

  /**
   * The front matter of a {@code README.md} as plain JSON-like values (the Hub's {@code cardData}):
   * maps with string keys in file order, lists, strings, numbers, booleans and null; a number that
   * is not finite becomes null, as JavaScript's JSON does. Empty when the file has no front matter
   * or it is not a readable YAML mapping within evalhub's limits (anchors and aliases are never
   * expanded).
   */
  public Optional<Map<String, Object>> readCardData(byte[] readme) {
    return FrontMatter.find(readme)
        .map(front -> yaml.read(front.yaml()))
        .filter(document -> !document.exceededLimits())
        .flatMap(YamlReader.Result::root)
        .filter(YamlNode.Mapping.class::isInstance)
        .map(root -> PlainJson.of((YamlNode.Mapping) root));
  }

  /**
   * The {@code base_model} of a {@code README.md}'s front matter (a string or a list of strings),
   * empty when it declares none or cannot be read: the Hub lists only models without one on
   * leaderboards by default.
   */
  public List<String> readBaseModels(byte[] readme) {
    return readLineage(readme).ids();
  }

  /**
   * The lineage a {@code README.md}'s front matter declares: its {@code base_model}s (a model id or
   * a list of them; items that are not strings are left out) and its {@code base_model_relation}
   * (unknown when absent or not one of the Hub's four values). {@link BaseModels#NONE} when the
   * file has no readable front matter. Its warnings are those of {@link #readModelCard}.
   */
  public BaseModels readLineage(byte[] readme) {
    return FrontMatter.find(readme)
        .map(front -> yaml.read(front.yaml()))
        .filter(document -> !document.exceededLimits())
        .flatMap(YamlReader.Result::root)
        .filter(YamlNode.Mapping.class::isInstance)
        .map(root -> BaseModelReader.read((YamlNode.Mapping) root, new ArrayList<>()))
        .orElse(BaseModels.NONE);
  }

  /**
   * Reads model-card metadata given as bare YAML (the front matter without its {@code ---} fences).
   */
  public Validated<ModelCard> readModelCardYaml(byte[] bytes) {
    return readModelCardYaml(yaml.read(bytes));
  }

  private Validated<ModelCard> readModelCardYaml(YamlReader.Result document) {
    if (document.root().isEmpty()) {
      return document.diagnostics().isEmpty()
          ? Validated.of(new ModelCard(List.of()), List.of())
          : Validated.failed(document.diagnostics());
    }
    return new ModelCardReader().read(document.root().get(), document.diagnostics());
  }

  /**
   * Reads a file of the given kind and returns only its diagnostics: what a push or an upload is
   * checked with.
   */
  public Validated<?> read(FileKind kind, byte[] bytes) {
    return switch (kind) {
      case BENCHMARK -> readBenchmark(bytes);
      case RESULTS -> readResults(bytes);
      case MODEL_CARD -> readModelCard(bytes);
    };
  }

  /**
   * Tells a file's kind from its content, for files whose name does not: a model card starts with
   * front matter or has {@code model-index}; a list, or a mapping with {@code dataset} and {@code
   * value}, is results; a mapping with {@code tasks} or {@code evaluation_framework} is a
   * benchmark. Empty when the content says none of these.
   */
  public Optional<FileKind> guessKind(byte[] bytes) {
    if (FrontMatter.find(bytes).isPresent()) {
      return Optional.of(FileKind.MODEL_CARD);
    }
    Optional<YamlNode> root = yaml.read(bytes).root();
    if (root.isEmpty()) {
      return Optional.empty();
    }
    if (root.get() instanceof YamlNode.Sequence) {
      return Optional.of(FileKind.RESULTS);
    }
    if (root.get() instanceof YamlNode.Mapping mapping) {
      if (mapping.get("model-index").isPresent()) {
        return Optional.of(FileKind.MODEL_CARD);
      }
      if (mapping.get("tasks").isPresent() || mapping.get("evaluation_framework").isPresent()) {
        return Optional.of(FileKind.BENCHMARK);
      }
      if (mapping.get("dataset").isPresent() && mapping.get("value").isPresent()) {
        return Optional.of(FileKind.RESULTS);
      }
    }
    return Optional.empty();
  }

  private static List<Diagnostic> orEmptyDocument(List<Diagnostic> diagnostics, String expected) {
    return diagnostics.isEmpty()
        ? List.of(Diagnostic.error(1, 1, "", "the file is empty; expected " + expected))
        : diagnostics;
  }
}
