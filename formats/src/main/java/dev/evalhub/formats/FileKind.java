package dev.evalhub.formats;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of file evalhub reads, and how a repository path tells which one a file is. */
public enum FileKind {
  /** {@code eval.yaml} at the root of a dataset repository: a benchmark's declaration. */
  BENCHMARK("benchmark"),
  /** {@code .eval_results/*.yaml} (or {@code .yml}) in a model repository: a list of results. */
  RESULTS("results"),
  /**
   * {@code README.md} of a model repository: its front matter may hold a legacy {@code
   * model-index}.
   */
  MODEL_CARD("model-card");

  private final String id;

  FileKind(String id) {
    this.id = id;
  }

  /**
   * The name used on the command line and in the API: {@code benchmark}, {@code results}, {@code
   * model-card}.
   */
  public String id() {
    return id;
  }

  public static Optional<FileKind> fromId(String id) {
    for (FileKind kind : values()) {
      if (kind.id.equals(id)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * The kind of the file at {@code path} inside a repository ({@code /}-separated, relative to its
   * root), or empty when evalhub does not read that file. Only root-level {@code eval.yaml} and
   * {@code README.md} count, and only files directly inside {@code .eval_results/}: sub-folders
   * there may hold logs.
   */
  public static Optional<FileKind> ofRepositoryPath(String path) {
    if (path.equals("eval.yaml")) {
      return Optional.of(BENCHMARK);
    }
    if (path.equals("README.md")) {
      return Optional.of(MODEL_CARD);
    }
    if (path.startsWith(".eval_results/") && path.indexOf('/', ".eval_results/".length()) < 0) {
      return isYamlName(path) ? Optional.of(RESULTS) : Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The kind of a local file by its name and parent folder, for {@code evalhub validate}: {@code
   * eval.yaml}, {@code README.md}, or a YAML file whose parent folder is {@code .eval_results}.
   */
  public static Optional<FileKind> ofFileName(String fileName, String parentName) {
    if (fileName.equals("eval.yaml") || fileName.equals("eval.yml")) {
      return Optional.of(BENCHMARK);
    }
    if (fileName.equalsIgnoreCase("README.md")) {
      return Optional.of(MODEL_CARD);
    }
    if (".eval_results".equals(parentName) && isYamlName(fileName)) {
      return Optional.of(RESULTS);
    }
    return Optional.empty();
  }

  private static boolean isYamlName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }
}
