package dev.evalhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evalhub import}: evaluation logs in, results with their methodology out. With a hub (the
 * default) the logs are uploaded, streamed, to {@code POST /api/models/NS/NAME/results/import} and
 * the hub reads, maps and commits them (or opens a pull request); with {@code --out DIR} they are
 * read here and the files written into a local clone ({@link LocalImport}).
 */
@Command(
    name = "import",
    description = {
      "Import evaluation logs (lm-evaluation-harness, Inspect AI, lighteval, HELM, Every Eval Ever) into a"
          + " model as .eval_results entries whose methodology is read from the logs.",
      "Each LOG is a file, or a folder whose files are all sent, named relative to it (a HELM run folder)."
          + " The logs' numbers feed the benchmark tasks whose eval.yaml names them under"
          + " evalhub.tasks.<id>.sources; --benchmark, --task and --metric name them otherwise.",
      "The hub writes one commit on main (the results file .eval_results/<benchmark>-<hash>.yaml and the"
          + " per-sample files under .eval_results/details/), or a pull request with --pr. Importing the same"
          + " logs again changes nothing.",
      "Problems are printed one a line as FILE[:LINE[:COLUMN]]: error|warning: MESSAGE (at POINTER)."
    },
    footer = {
      "",
      "Exit status: 0 imported (or previewed without error), 1 refused (an error in the logs, no access),"
          + " 2 bad usage.",
      "",
      "Examples:",
      "  ./evalhub import --model alice/llama --token $T results_2025-01-25.json samples_mmlu_2025-01-25.jsonl",
      "  ./evalhub import --model alice/llama --dry-run --benchmark cais/mmlu --task mmlu --metric acc,none out/",
      "  ./evalhub import --model alice/llama --pr logs/2025-02-11T15-17-00_popularity.eval",
      "  ./evalhub import --model alice/llama --out ./llama --benchmark cais/mmlu results.json"
    })
final class ImportCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NS/NAME",
      description = "The model repository the results are for.")
  String model;

  @Option(
      names = "--hub",
      paramLabel = "URL",
      defaultValue = "${env:EVALHUB_HUB:-http://127.0.0.1:8080}",
      description = "The hub (default: $EVALHUB_HUB, else ${DEFAULT-VALUE}).")
  String hub;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:EVALHUB_TOKEN}",
      description =
          "An access token (default: $EVALHUB_TOKEN); a write token to commit or open a PR.")
  String token;

  @Option(
      names = "--benchmark",
      paramLabel = "NS/NAME",
      description = "The benchmark dataset the logs feed, when its sources do not say.")
  String benchmark;

  @Option(
      names = "--task",
      paramLabel = "ID",
      description = "The task of --benchmark the logs feed.")
  String task;

  @Option(
      names = "--metric",
      paramLabel = "KEY",
      description =
          "The framework's metric key that is the task's value (e.g. acc,none), or TASK:KEY when the"
              + " logs hold that key for several framework tasks.")
  String metric;

  @Option(names = "--pr", description = "Open a pull request instead of committing to main.")
  boolean pullRequest;

  @Option(names = "--dry-run", description = "Print the entries and every problem; commit nothing.")
  boolean dryRun;

  @Option(names = "--title", paramLabel = "TEXT", description = "The commit or pull request title.")
  String title;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Read the logs here and write the results file and the per-sample files into the local clone"
              + " DIR instead of sending them to the hub (then commit and push yourself). Needs"
              + " --benchmark; its eval.yaml is fetched from the hub unless --eval-yaml gives it.")
  Path outDir;

  @Option(
      names = "--eval-yaml",
      paramLabel = "FILE",
      description = "With --out: the benchmark's eval.yaml, instead of fetching it from the hub.")
  Path evalYaml;

  @Option(
      names = "--progress",
      description = "Show the upload's progress bar even when stderr is not a terminal.")
  boolean progress;

  @Parameters(paramLabel = "LOG", arity = "1..*", description = "Log files or folders.")
  List<Path> logs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!model.matches("[^/\\s]+/[^/\\s]+")) {
      throw new ParameterException(spec.commandLine(), "--model must be NS/NAME, found " + model);
    }
    List<LogFiles.Log> files = LogFiles.expand(logs, spec.commandLine());
    if (outDir != null) {
      if (benchmark == null) {
        throw new ParameterException(spec.commandLine(), "--out needs --benchmark NS/NAME");
      }
      return new LocalImport(this, outDir, out, err).run(files);
    }
    if (evalYaml != null) {
      throw new ParameterException(spec.commandLine(), "--eval-yaml goes with --out");
    }
    boolean bar = progress || System.console() != null;
    HttpResponse<String> response = upload(files, bar ? new ProgressBar(err) : null);
    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (body == null || (!body.has("results") && body.has("error"))) {
      err.println(
          "error: the hub answered "
              + status
              + (body == null ? "" : ": " + body.path("error").asText()));
      return 1;
    }
    print(body, out, err);
    return status == 200 ? 0 : 1;
  }

  private HttpResponse<String> upload(List<LogFiles.Log> files, ProgressBar bar)
      throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder();
    append(query, "dry_run", dryRun ? "1" : null);
    append(query, "create_pr", pullRequest ? "1" : null);
    append(query, "benchmark", benchmark);
    append(query, "task", task);
    append(query, "metric", metric);
    append(query, "title", title);
    Multipart body = Multipart.of(files);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    hub.replaceAll("/+$", "")
                        + "/api/models/"
                        + model
                        + "/results/import"
                        + (query.length() == 0 ? "" : "?" + query)))
            .header("Content-Type", body.contentType())
            .POST(bar == null ? body.publisher() : bar.counting(body.publisher()));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } finally {
      if (bar != null) {
        bar.done();
      }
    }
  }

  private static void append(StringBuilder query, String key, String value) {
    if (value == null) {
      return;
    }
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** The entries, every diagnostic, the results file and the commit or pull request. */
  private void print(JsonNode body, PrintWriter out, PrintWriter err) {
    for (JsonNode result : body.path("results")) {
      out.println(entryLine(result));
    }
    for (JsonNode diagnostic : body.path("diagnostics")) {
      err.println(diagnostic.path("text").asText());
    }
    if (dryRun && body.hasNonNull("results_yaml")) {
      out.println("# " + body.path("results_path").asText());
      out.print(body.path("results_yaml").asText());
    }
    if (body.has("pull_request")) {
      out.println("opened pull request " + body.path("pull_request").path("url").asText());
    } else if (body.has("commit")) {
      out.println(
          "committed "
              + body.path("results_path").asText()
              + ": "
              + body.path("commit").path("url").asText());
    } else if (!dryRun || body.has("error")) {
      err.println("nothing was imported");
    }
  }

  /** {@code acme/tiny letter = 62.5 ± 18.3 (n=8) <- results.json lm-evaluation-harness ...}. */
  static String entryLine(JsonNode result) {
    StringBuilder line =
        new StringBuilder()
            .append(result.path("dataset").path("id").asText())
            .append(' ')
            .append(result.path("dataset").path("task_id").asText())
            .append(" = ")
            .append(result.path("value").asText());
    if (result.hasNonNull("stderr")) {
      line.append(" ± ").append(result.path("stderr").asText());
    }
    if (result.hasNonNull("num_samples")) {
      line.append(" (n=").append(result.path("num_samples").asText()).append(')');
    }
    JsonNode from = result.path("from");
    line.append("  <- ")
        .append(from.path("file").asText())
        .append(": ")
        .append(from.path("framework").asText())
        .append(' ')
        .append(from.path("task").asText())
        .append(' ')
        .append(from.path("metric").asText());
    JsonNode methodology = result.path("methodology");
    for (String key : List.of("scoring", "num_fewshot", "chat_template")) {
      if (methodology.has(key)) {
        line.append(", ").append(key).append('=').append(methodology.path(key).asText());
      }
    }
    return line.toString();
  }
}
