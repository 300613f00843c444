package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Severity;
import dev.evalhub.formats.Validated;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.ResultsFileSigner;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A finished run's output published as the runner's pull request: imported with the importers
 * ({@link ImportService}), kept only when it holds a result of the job's benchmark task, signed
 * with the hub's key naming the job and the commits it evaluated, committed as one pull request on
 * the model by {@link JobService#RUNNER_ACCOUNT}. The pull request's title names the job ({@link
 * #marker}), which is how a retry after a crash finds the pull request an attempt opened before it
 * could record it. Thread-safe.
 */
final class JobResults {

  /** What publishing gave: the pull request opened, or why nothing was. */
  record Published(Optional<Integer> pullRequest, Optional<String> failure) {}

  private static final int MAX_LISTED_PROBLEMS = 10;

  private final Storage storage;
  private final ImportService imports;
  private final KeyService keys;

  JobResults(Storage storage, ImportService imports, KeyService keys) {
    this.storage = storage;
    this.imports = imports;
    this.keys = keys;
  }

  /** The words of a pull request's title that name job {@code job}. */
  static String marker(Job job) {
    return "[job " + job.id() + "]";
  }

  /** The pull request the runner opened for {@code job} already, if any. */
  Optional<Integer> openedFor(Job job) {
    return storage.pullRequests().list(job.model()).stream()
        .filter(PullRequest::isPullRequest)
        .filter(pr -> pr.author().equals(JobService.RUNNER_ACCOUNT))
        .filter(pr -> pr.title().contains(marker(job)))
        .map(pr -> pr.number().value())
        .findFirst();
  }

  Published publish(Job job, Path outputDir) {
    List<LogSource> logs = logs(outputDir);
    if (logs.isEmpty()) {
      return failed("the command wrote nothing into its output folder");
    }
    SigningKey key;
    try {
      key = keys.signingKey();
    } catch (HubException e) {
      return failed(e.getMessage());
    }
    Caller runner = new Caller(JobService.RUNNER_ACCOUNT, Role.WRITE);
    String title =
        "Evaluation "
            + marker(job)
            + ": "
            + job.task()
            + " of "
            + job.benchmark().fullName()
            + " at "
            + job.modelRevision().abbreviate(12);
    ImportRequest request =
        new ImportRequest(job.benchmark().fullName(), job.task(), null, true, title);
    try {
      ImportOutcome outcome =
          imports.tryImport(
              runner,
              job.model(),
              logs,
              request,
              ImportProgress.NONE,
              preview -> signed(job, key, preview));
      if (outcome.pullRequest() == null) {
        return failed(
            "the importers refused the output: "
                + outcome.preview().diagnostics().stream()
                    .filter(LogDiagnostic::isError)
                    .limit(MAX_LISTED_PROBLEMS)
                    .map(LogDiagnostic::format)
                    .collect(Collectors.joining("; ")));
      }
      return new Published(Optional.of(outcome.pullRequest()), Optional.empty());
    } catch (HubException e) {
      return failed("the results could not be published: " + e.getMessage());
    }
  }

  /** {@code preview} with only the job's task, signed; or with an error saying why not. */
  private ImportPreview signed(Job job, SigningKey key, ImportPreview preview) {
    List<LogDiagnostic> diagnostics = new ArrayList<>(preview.diagnostics());
    boolean hasTask =
        preview.results().stream()
            .anyMatch(
                r ->
                    r.datasetId().equalsIgnoreCase(job.benchmark().fullName())
                        && r.taskId().equals(job.task()));
    if (!hasTask || preview.resultsYaml() == null) {
      diagnostics.add(error("the output holds no result of the task " + job.task()));
      return withDiagnostics(preview, diagnostics);
    }
    Validated<String> signed =
        new ResultsFileSigner(new TokenSigner(key), storage.options().formats())
            .sign(
                preview.resultsYaml(),
                job.model().fullName(),
                claims ->
                    claims
                        .withJob(job.id().value())
                        .withRevisions(job.modelRevision().hex(), job.benchmarkRevision().hex()));
    if (!signed.isValid()) {
      signed.diagnostics().stream()
          .filter(Diagnostic::isError)
          .forEach(d -> diagnostics.add(error("cannot sign the results: " + d.format())));
      return withDiagnostics(preview, diagnostics);
    }
    return new ImportPreview(
        preview.results(),
        diagnostics,
        preview.resultsPath(),
        signed.value().orElseThrow(),
        preview.details());
  }

  private static ImportPreview withDiagnostics(ImportPreview p, List<LogDiagnostic> diagnostics) {
    return new ImportPreview(
        p.results(), diagnostics, p.resultsPath(), p.resultsYaml(), p.details());
  }

  private static LogDiagnostic error(String message) {
    return new LogDiagnostic(Severity.ERROR, "output", "", 0, 0, "", message);
  }

  private static List<LogSource> logs(Path outputDir) {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(outputDir)) {
      List<LogSource> logs = new ArrayList<>();
      // A symbolic link is never followed: the command cannot make the hub publish a file outside
      // its output folder.
      for (Path file :
          files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
        logs.add(LogSource.of(file, outputDir.relativize(file).toString().replace('\\', '/')));
      }
      return logs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output folder " + outputDir, e);
    }
  }

  private static Published failed(String reason) {
    return new Published(Optional.empty(), Optional.of(reason));
  }
}
