package dev.evalhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalhub export --eee --model NS/NAME [--hub URL] [--token T] [--file F --index N] [--out
 * FILE]}: a model's results as Every Eval Ever records, fetched from a running hub.
 */
@Command(
    name = "export",
    description =
        "Export a model's results from a running hub as Every Eval Ever (EvalEval, schema 0.3.0) records: a JSON "
            + "array with one record per result on main, or the record of one entry with --file and --index. Each "
            + "record carries the value, its standard error and number of samples, the methodology and the details "
            + "reference. Fetches GET /api/models/NS/NAME/results/eee.",
    footer = {
      "",
      "Examples:",
      "  evalhub export --eee --model alice/gpt --out gpt.eee.json",
      "  evalhub export --eee --model alice/gpt --file .eval_results/hle.yaml --index 0"
    })
final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--eee",
      required = true,
      description = "Every Eval Ever records (the one format today).")
  boolean eee;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NS/NAME",
      description = "The model repository, e.g. alice/gpt.")
  String model;

  @Option(
      names = "--hub",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "The hub's URL (default: ${DEFAULT-VALUE}).")
  String hub;

  @Option(
      names = "--token",
      paramLabel = "T",
      defaultValue = "${env:EVALHUB_TOKEN}",
      description = "An access token, to read a private model (default: $EVALHUB_TOKEN).")
  String token;

  @Option(
      names = "--file",
      paramLabel = "F",
      description = "One results file, .eval_results/NAME.yaml (with --index).")
  String file;

  @Option(
      names = "--index",
      paramLabel = "N",
      description = "The 0-based index of the entry in --file.")
  Integer index;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the records to FILE (default: standard output).")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String[] parts = model.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      err.println("evalhub: --model must be NAMESPACE/NAME, got \"" + model + "\"");
      return 1;
    }
    if ((file == null) != (index == null)) {
      err.println("evalhub: --file and --index go together");
      return 1;
    }
    String base = hub.replaceAll("/+$", "");
    String url =
        base
            + "/api/models/"
            + encode(parts[0])
            + "/"
            + encode(parts[1])
            + "/results/eee"
            + (file == null ? "" : "?file=" + encode(file) + "&index=" + index);
    HttpResponse<byte[]> response;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET();
      if (token != null && !token.isBlank()) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | IllegalArgumentException e) {
      err.println("evalhub: cannot reach the hub at " + base + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("evalhub: interrupted");
      return 1;
    }
    if (response.statusCode() != 200) {
      err.println(
          "evalhub: the hub answered " + response.statusCode() + ": " + message(response.body()));
      return 1;
    }
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(new String(response.body(), StandardCharsets.UTF_8));
      stdout.flush();
      return 0;
    }
    try {
      Files.write(out, response.body());
    } catch (IOException e) {
      err.println("evalhub: cannot write " + out + ": " + e.getMessage());
      return 1;
    }
    err.println("wrote " + out);
    return 0;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The hub's {@code {"error": ...}} message, else the body as text. */
  private static String message(byte[] body) {
    try {
      JsonNode json = JsonMapper.builder().build().readTree(body);
      if (json != null && json.hasNonNull("error")) {
        return json.get("error").asText();
      }
    } catch (IOException notJson) {
      // shown as text below
    }
    return new String(body, StandardCharsets.UTF_8).strip();
  }
}
