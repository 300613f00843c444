package dev.evalhub.cli;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.FormatOptions;
import dev.evalhub.server.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evalhub validate}: checks files against the formats spec and prints every problem with its
 * position.
 */
@Command(
    name = "validate",
    description = {
      "Validate eval.yaml, .eval_results/*.yaml and README.md model-index files.",
      "A PATH may be a file or a repository folder (then eval.yaml, .eval_results/*.y*ml and README.md in it are"
          + " checked). The kind of a file comes from its name (eval.yaml, README.md, a YAML file in"
          + " .eval_results/), else from its content, unless --type says otherwise.",
      "Problems are printed as FILE:LINE:COLUMN: error|warning: MESSAGE (at PATH)."
    },
    footer = {
      "",
      "Exit status: 0 when no file has an error (warnings allowed), 1 when one has, 2 for bad usage.",
      "Extra framework ids may also be given in the EVALHUB_EXTRA_FRAMEWORKS environment variable (comma-separated).",
      "",
      "Examples:",
      "  ./evalhub validate .eval_results/hle.yaml",
      "  ./evalhub validate --format json path/to/model-repo",
      "  ./evalhub validate --type results results-draft.yaml"
    })
final class ValidateCommand implements Callable<Integer> {

  enum OutputFormat {
    text,
    json
  }

  @Spec private CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description =
          "Output: text lines, or a JSON list of {file, line, column, severity, message, path}.")
  private OutputFormat format;

  @Option(
      names = "--type",
      paramLabel = "benchmark|results|model-card",
      description = "Read every file as this kind instead of telling it from the name.")
  private String type;

  @Option(
      names = "--framework",
      paramLabel = "ID",
      description = "Also accept this evaluation_framework id (repeatable).")
  private List<String> extraFrameworks = new ArrayList<>();

  @Parameters(
      paramLabel = "PATH",
      arity = "1..*",
      description = "Files or repository folders to check.")
  private List<Path> paths;

  @Override
  public Integer call() throws IOException {
    FileKind forcedKind = forcedKind();
    EvalFormats formats = new EvalFormats(FormatOptions.DEFAULT.withExtraFrameworks(frameworks()));
    FileValidator validator = new FileValidator(formats, forcedKind);
    List<FileValidator.FileReport> reports = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new ParameterException(spec.commandLine(), "no such file or folder: " + path);
      }
      reports.addAll(validator.validate(path));
    }
    print(reports);
    return reports.stream().anyMatch(FileValidator.FileReport::hasErrors) ? 1 : 0;
  }

  private FileKind forcedKind() {
    if (type == null) {
      return null;
    }
    return FileKind.fromId(type)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--type must be benchmark, results or model-card, not '" + type + "'"));
  }

  private List<String> frameworks() {
    List<String> all = new ArrayList<>(extraFrameworks);
    String fromEnvironment = System.getenv("EVALHUB_EXTRA_FRAMEWORKS");
    if (fromEnvironment != null) {
      all.addAll(Arrays.asList(fromEnvironment.split(",")));
    }
    return all;
  }

  private void print(List<FileValidator.FileReport> reports) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (FileValidator.FileReport report : reports) {
        for (Diagnostic d : report.diagnostics()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("file", report.file());
          row.put("line", d.line());
          row.put("column", d.column());
          row.put("severity", d.severity().word());
          row.put("message", d.message());
          row.put("path", d.path());
          rows.add(row);
        }
      }
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
    } else {
      for (FileValidator.FileReport report : reports) {
        report.diagnostics().forEach(d -> out.println(d.format(report.file())));
      }
      printSummary(reports);
    }
    out.flush();
  }

  private void printSummary(List<FileValidator.FileReport> reports) {
    long failed = reports.stream().filter(FileValidator.FileReport::hasErrors).count();
    long errors =
        reports.stream().flatMap(r -> r.diagnostics().stream()).filter(Diagnostic::isError).count();
    long warnings =
        reports.stream().flatMap(r -> r.diagnostics().stream()).filter(d -> !d.isError()).count();
    spec.commandLine()
        .getErr()
        .printf(
            "%d file%s checked: %d valid, %d with errors (%d error%s, %d warning%s)%n",
            reports.size(),
            reports.size() == 1 ? "" : "s",
            reports.size() - failed,
            failed,
            errors,
            errors == 1 ? "" : "s",
            warnings,
            warnings == 1 ? "" : "s");
  }
}
