package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogSource;
import java.util.List;

/** Placeholder of i12-service's ImportService (to be replaced at merge). */
public final class ImportService {

  ImportService() {}

  public ImportPreview preview(
      Caller caller, RepoId model, List<LogSource> logs, ImportRequest request) {
    throw new UnsupportedOperationException("placeholder");
  }

  public ImportOutcome importLogs(
      Caller caller,
      RepoId model,
      List<LogSource> logs,
      ImportRequest request,
      ImportProgress progress) {
    throw new UnsupportedOperationException("placeholder");
  }
}
