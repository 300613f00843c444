package dev.evalhub.cli;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the files {@code evalhub validate} checks under a path and validates each one. Reads the
 * disk; the validation itself is {@link EvalFormats}'.
 */
final class FileValidator {

  /** The diagnostics of one file, named as the user gave it. */
  record FileReport(String file, List<Diagnostic> diagnostics) {
    boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  private final EvalFormats formats;
  private final FileKind forcedKind;

  /** {@code forcedKind} is null to tell each file's kind from its name or content. */
  FileValidator(EvalFormats formats, FileKind forcedKind) {
    this.formats = formats;
    this.forcedKind = forcedKind;
  }

  List<FileReport> validate(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(validateFile(path));
    }
    List<FileReport> reports = new ArrayList<>();
    for (Path file : repositoryFiles(path)) {
      reports.add(validateFile(file));
    }
    if (reports.isEmpty()) {
      reports.add(
          new FileReport(
              path.toString(),
              List.of(
                  Diagnostic.error(
                      1,
                      1,
                      "",
                      "found no eval.yaml, .eval_results/*.yaml or README.md to validate in this folder"))));
    }
    return reports;
  }

  /** The files of a repository folder that evalhub reads, in a stable order. */
  private static List<Path> repositoryFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : List.of("eval.yaml", "README.md")) {
      if (Files.isRegularFile(root.resolve(name))) {
        files.add(root.resolve(name));
      }
    }
    Path results = root.resolve(".eval_results");
    if (Files.isDirectory(results)) {
      try (Stream<Path> listing = Files.list(results)) {
        listing
            .filter(Files::isRegularFile)
            .filter(f -> FileKind.ofRepositoryPath(".eval_results/" + f.getFileName()).isPresent())
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  private FileReport validateFile(Path file) throws IOException {
    String name = file.toString();
    byte[] bytes = Files.readAllBytes(file);
    Optional<FileKind> kind = kindOf(file, bytes);
    if (kind.isEmpty()) {
      return new FileReport(
          name,
          List.of(
              Diagnostic.error(
                  1,
                  1,
                  "",
                  "cannot tell whether this is a benchmark,"
                      + " results or a model card; name it eval.yaml, .eval_results/NAME.yaml or README.md, or pass --type")));
    }
    boolean markdown = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md");
    List<Diagnostic> diagnostics =
        kind.get() == FileKind.MODEL_CARD && !markdown
            ? formats.readModelCardYaml(bytes).diagnostics()
            : formats.read(kind.get(), bytes).diagnostics();
    return new FileReport(name, diagnostics);
  }

  private Optional<FileKind> kindOf(Path file, byte[] bytes) {
    if (forcedKind != null) {
      return Optional.of(forcedKind);
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    String parentName =
        parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    return FileKind.ofFileName(file.getFileName().toString(), parentName)
        .or(() -> formats.guessKind(bytes));
  }
}
