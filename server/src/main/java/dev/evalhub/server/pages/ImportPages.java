package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.ImportView;
import dev.evalhub.service.ImportOutcome;
import dev.evalhub.service.ImportPreview;
import dev.evalhub.service.ImportRequest;
import dev.evalhub.service.ImportService;
import dev.evalhub.service.PlannedResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The model page's "Add results from evaluation logs": previews uploaded logs through {@link
 * ImportService#preview} (which checks that the caller may read the model), keeps them while the
 * user looks, and opens the pull request through {@link ImportService#importLogs}. Thread-safe.
 */
final class ImportPages {

  /** The most bytes of logs one page upload may hold; larger logs go through {@code import}. */
  static final long MAX_UPLOAD_BYTES = 64L << 20;

  /** What opening the pull request gave: its number, or the preview of why it was refused. */
  record Opened(Integer pullRequest, ImportView refused) {}

  private final ImportService imports;
  private final PendingImports pending = new PendingImports(Clock.systemUTC());

  ImportPages(ImportService imports) {
    this.imports = imports;
  }

  ImportView preview(
      Chrome chrome,
      RepoId model,
      Caller caller,
      List<LogSource> logs,
      long bytes,
      ImportRequest request) {
    if (logs.isEmpty()) {
      throw HubException.invalid("choose at least one log file");
    }
    ImportPreview preview = imports.preview(caller, model, logs, request);
    String pendingId =
        preview.hasErrors() || preview.results().isEmpty()
            ? null
            : pending.put(new PendingImports.Pending(caller.user(), model, logs, request, bytes));
    return view(chrome, model, request, preview, pendingId);
  }

  Opened open(Chrome chrome, RepoId model, Caller caller, String pendingId) {
    PendingImports.Pending upload =
        pending
            .take(pendingId, caller.user(), model)
            .orElseThrow(
                () ->
                    HubException.notFound(
                        "this preview has expired (or was used): upload the logs again"));
    ImportRequest request = upload.request();
    ImportOutcome outcome =
        imports.importLogs(caller, model, upload.logs(), request, ImportProgress.NONE);
    if (outcome.pullRequest() != null) {
      return new Opened(outcome.pullRequest(), null);
    }
    return new Opened(null, view(chrome, model, request, outcome.preview(), null));
  }

  private static ImportView view(
      Chrome chrome, RepoId model, ImportRequest request, ImportPreview preview, String pendingId) {
    return new ImportView(
        chrome,
        model.fullName(),
        orEmpty(request.benchmark()),
        orEmpty(request.task()),
        orEmpty(request.metric()),
        preview.results().stream().map(ImportPages::planned).toList(),
        preview.diagnostics().stream().map(LogDiagnostic::format).toList(),
        preview.hasErrors(),
        orEmpty(preview.resultsPath()),
        orEmpty(preview.resultsYaml()),
        preview.details().stream().map(ImportPages::detail).toList(),
        pendingId);
  }

  private static ImportView.Planned planned(PlannedResult result) {
    ResultEntry entry = result.entry();
    return new ImportView.Planned(
        result.datasetId(),
        result.taskId(),
        Numbers.format(entry.value()),
        entry.stderr() == null ? null : Numbers.format(entry.stderr()),
        entry.numSamples() == null ? null : entry.numSamples().toString(),
        ModelPages.methodology(
            entry.methodology() == null ? Map.of() : entry.methodology().fields()),
        entry.details() == null ? null : entry.details().path(),
        result.from().label(),
        result.from().file());
  }

  private static ImportView.Detail detail(DetailsFile file) {
    return new ImportView.Detail(file.path(), file.format(), file.size() + " bytes", file.sha256());
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
