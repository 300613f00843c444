package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.server.Json;
import dev.evalhub.service.ImportOutcome;
import dev.evalhub.service.ImportPreview;
import dev.evalhub.service.PlannedResult;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer of the import API: {@code {results: [{dataset: {id, task_id}, value, stderr,
 * num_samples, date, methodology, details, from: {file, framework, task, metric}}], diagnostics:
 * [{file, entry, line, column, pointer, severity, message, text}], results_path, results_yaml,
 * commit: {oid, url}, pull_request: {num, url}}}; {@code commit} and {@code pull_request} only when
 * made. With an error among the diagnostics the status is 400 and {@code error} holds every error,
 * one a line, as the API's other refusals. Stateless.
 */
final class ImportJson {

  private ImportJson() {}

  static void write(Context ctx, RepoId model, ImportOutcome outcome) {
    ImportPreview preview = outcome.preview();
    Map<String, Object> body = new LinkedHashMap<>();
    List<Object> results = new ArrayList<>();
    for (PlannedResult result : preview.results()) {
      results.add(result(result));
    }
    body.put("results", results);
    body.put("diagnostics", preview.diagnostics().stream().map(ImportJson::diagnostic).toList());
    body.put("results_path", preview.resultsPath());
    body.put("results_yaml", preview.resultsYaml());
    if (outcome.commitId() != null) {
      body.put(
          "commit",
          Map.of(
              "oid", outcome.commitId(), "url", PublicUrls.commit(ctx, model, outcome.commitId())));
    }
    if (outcome.pullRequest() != null) {
      body.put(
          "pull_request",
          Map.of(
              "num",
              outcome.pullRequest(),
              "url",
              PublicUrls.repo(ctx, model) + "/discussions/" + outcome.pullRequest()));
    }
    if (preview.hasErrors()) {
      String errors =
          preview.diagnostics().stream()
              .filter(LogDiagnostic::isError)
              .map(LogDiagnostic::format)
              .collect(Collectors.joining("\n"));
      body.put("error", errors);
      ctx.status(400);
      ctx.header("X-Error-Code", "BadRequest");
      ctx.header("X-Error-Message", ApiErrors.headerSummary(errors));
    }
    JsonResponses.writeBytes(ctx, Json.bytes(body));
  }

  private static Map<String, Object> result(PlannedResult result) {
    ResultEntry entry = result.entry();
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("id", entry.dataset().id());
    dataset.put("task_id", entry.dataset().taskId());
    json.put("dataset", dataset);
    json.put("value", entry.value());
    json.put("stderr", entry.stderr());
    json.put("num_samples", entry.numSamples());
    json.put("date", entry.date());
    json.put("methodology", entry.methodology() == null ? null : entry.methodology().fields());
    if (entry.details() != null) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("path", entry.details().path());
      details.put("sha256", entry.details().sha256());
      details.put("format", entry.details().format());
      json.put("details", details);
    }
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("file", result.from().file());
    from.put("framework", result.from().framework());
    from.put("task", result.from().task());
    from.put("metric", result.from().metric());
    json.put("from", from);
    return json;
  }

  private static Map<String, Object> diagnostic(LogDiagnostic d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", d.file());
    json.put("entry", d.entry());
    json.put("line", d.line());
    json.put("column", d.column());
    json.put("pointer", d.pointer());
    json.put("severity", d.severity().word());
    json.put("message", d.message());
    json.put("text", d.format());
    return json;
  }
}
