package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.CommitTarget;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.ResolvedRevision;
import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.ResultsYaml;
import dev.evalhub.formats.Severity;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.importers.BenchmarkMatcher;
import dev.evalhub.importers.BenchmarkMatcher.Choice;
import dev.evalhub.importers.BenchmarkMatcher.Match;
import dev.evalhub.importers.DetailsFile;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogImporter;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.ReadLogs;
import dev.evalhub.importers.ResultFiles;
import dev.evalhub.index.Index;
import dev.evalhub.service.internal.GitBlobs;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Imports evaluation logs into a model repository: reads them ({@link LogImporter}), maps their
 * numbers to the tasks of the benchmarks the caller can read ({@link BenchmarkMatcher}, through
 * each {@code eval.yaml}'s {@code evalhub.tasks.<id>.sources} or the benchmark, task and metric the
 * caller names), and writes one {@code .eval_results} file plus the per-sample files under {@code
 * .eval_results/details/} in one commit on {@code main} (a writer with a write token) or one pull
 * request (any account with a write token that can read the model), through {@link CommitService},
 * so that the files are validated, published and indexed like any commit. Bad logs are diagnostics,
 * never exceptions; an import with an error commits nothing. File naming (idempotent) is {@link
 * ImportFiles}'s. Thread-safe.
 */
public final class ImportService {

  private final Storage storage;
  private final Permissions permissions;
  private final CommitService commits;
  private final Supplier<Index> index;
  private final LogImporter importer;
  private final Map<String, Benchmark> parsedBenchmarks = new LinkedHashMap<>(16, 0.75f, true);

  ImportService(
      Storage storage,
      Permissions permissions,
      CommitService commits,
      Supplier<Index> index,
      LogImporter importer) {
    this.storage = storage;
    this.permissions = permissions;
    this.commits = commits;
    this.index = index;
    this.importer = importer;
  }

  /**
   * Checks, before any log is received, that {@code caller} may preview ({@code dryRun}: read the
   * model) or import into {@code model} ({@code createPr}: open a pull request; else commit to
   * {@code main}): REPO_NOT_FOUND, FORBIDDEN or UNAUTHENTICATED otherwise, as {@link #importLogs}
   * would refuse after reading.
   */
  public void check(Caller caller, RepoId model, boolean dryRun, boolean createPr) {
    if (dryRun) {
      permissions.readable(requireModel(model), Optional.ofNullable(caller));
    } else {
      target(caller, model, createPr);
    }
  }

  /**
   * Reads logs and maps them to benchmark tasks; commits nothing. Needs read access to the model.
   */
  public ImportPreview preview(
      Caller caller, RepoId model, List<LogSource> logs, ImportRequest request) {
    return preview(Optional.ofNullable(caller), model, logs, request, ImportProgress.NONE);
  }

  /**
   * Reads, maps and commits one commit on main (write access) or opens a pull request ({@code
   * createPr}: any signed-in caller with a write token who can read); refuses with {@link
   * HubException} (INVALID, nothing committed, every diagnostic in the message) when the preview
   * has errors.
   */
  public ImportOutcome importLogs(
      Caller caller,
      RepoId model,
      List<LogSource> logs,
      ImportRequest request,
      ImportProgress progress) {
    ImportOutcome outcome = tryImport(caller, model, logs, request, progress);
    if (!outcome.isImported()) {
      StringBuilder message = new StringBuilder("nothing was imported:");
      outcome.preview().diagnostics().stream()
          .filter(LogDiagnostic::isError)
          .forEach(d -> message.append('\n').append(d.format()));
      throw HubException.invalid(message.toString());
    }
    return outcome;
  }

  /**
   * Like {@link #importLogs}, but a preview with errors comes back as an outcome without a commit
   * (what the HTTP API answers 400 with) instead of an exception. Permissions are refused with
   * {@link HubException} before any log is read.
   */
  public ImportOutcome tryImport(
      Caller caller,
      RepoId model,
      List<LogSource> logs,
      ImportRequest request,
      ImportProgress progress) {
    return tryImport(caller, model, logs, request, progress, UnaryOperator.identity());
  }

  /**
   * {@link #tryImport(Caller, RepoId, List, ImportRequest, ImportProgress)} with a last step
   * between the preview and the commit: {@code finish} may keep the preview, add errors to it (then
   * nothing is committed) or replace its results file's text (the runner signs it).
   */
  ImportOutcome tryImport(
      Caller caller,
      RepoId model,
      List<LogSource> logs,
      ImportRequest request,
      ImportProgress progress,
      UnaryOperator<ImportPreview> finish) {
    CommitTarget target = target(caller, model, request.createPr());
    ImportPreview read = preview(Optional.of(caller), model, logs, request, progress);
    ImportPreview preview = read.hasErrors() ? read : finish.apply(read);
    if (preview.hasErrors()) {
      return new ImportOutcome(preview, null, null);
    }
    RepoId repo = target.repo().id();
    Optional<ResolvedRevision> main = storage.contents().resolve(repo, RefNames.MAIN);
    List<FileChange> changes = changes(repo, main, preview);
    if (changes.isEmpty()) {
      List<LogDiagnostic> notes = new ArrayList<>(preview.diagnostics());
      notes.add(
          new LogDiagnostic(
              Severity.WARNING,
              preview.resultsPath(),
              "",
              0,
              0,
              "",
              "these results and their per-sample files are already on main; nothing was"
                  + " committed"));
      ImportPreview same =
          new ImportPreview(
              preview.results(),
              notes,
              preview.resultsPath(),
              preview.resultsYaml(),
              preview.details());
      return new ImportOutcome(same, main.orElseThrow().commitId(), null);
    }
    Optional<String> parent =
        request.createPr()
            ? Optional.empty()
            : Optional.of(main.map(ResolvedRevision::commitId).orElse(CommitId.ZERO.hex()));
    CommitOutcome outcome =
        commits.commit(target, parent, changes, title(request, preview, logs), caller);
    CommitResult result = outcome.commit();
    return switch (result.status()) {
      case COMMITTED ->
          new ImportOutcome(
              preview,
              result.commitId().orElseThrow(),
              outcome.pullRequest().map(n -> n.value()).orElse(null));
      case INVALID_FILES -> new ImportOutcome(withProblems(preview, result.problems()), null, null);
      case PARENT_MISMATCH ->
          throw new HubException(
              HubException.Kind.PRECONDITION_FAILED,
              "main of "
                  + repo
                  + " moved while the logs were imported; nothing was committed,"
                  + " import again");
      case REFUSED -> throw HubException.invalid("the commit was refused");
    };
  }

  /** Reads the logs and plans the files; {@code caller} must be able to read {@code model}. */
  public ImportPreview preview(
      Optional<Caller> caller,
      RepoId model,
      List<LogSource> logs,
      ImportRequest request,
      ImportProgress progress) {
    RepoInfo repo = permissions.readable(requireModel(model), caller);
    if (logs.isEmpty()) {
      throw HubException.invalid("no log was given: send at least one evaluation log");
    }
    ReadLogs read = importer.read(logs, progress);
    List<LogDiagnostic> diagnostics = new ArrayList<>(read.diagnostics());
    if (read.results().isEmpty()) {
      if (!read.hasErrors()) {
        diagnostics.add(
            new LogDiagnostic(
                Severity.ERROR,
                logs.get(0).name(),
                "",
                0,
                0,
                "",
                "the logs state no results (no task with a metric was found in them)"));
      }
      return new ImportPreview(List.of(), diagnostics, null, null, List.of());
    }
    Choice choice = new Choice(request.benchmark(), request.task(), request.metric());
    Map<String, Benchmark> benchmarks = benchmarks(caller, choice);
    if (choice.named()) {
      String key = benchmarks.keySet().stream().findFirst().orElse(choice.benchmark());
      choice = new Choice(key, choice.task(), choice.metric());
    }
    BenchmarkMatcher.Matched matched =
        new BenchmarkMatcher(benchmarks).match(read.results(), choice);
    diagnostics.addAll(matched.diagnostics());
    if (matched.matches().isEmpty()) {
      return new ImportPreview(List.of(), diagnostics, null, null, List.of());
    }
    Optional<ResolvedRevision> main = storage.contents().resolve(repo.id(), RefNames.MAIN);
    ResultFiles files =
        new ResultFiles(onMain(repo.id(), main), storage.options().maxObjectBytes());
    List<Match> matches = files.placeDetails(matched.matches(), diagnostics);
    List<ResultEntry> entries = matches.stream().map(Match::entry).toList();
    byte[] yaml = ResultsYaml.writeBytes(entries);
    String resultsPath = files.resultsPath(matches, yaml);
    Validated<ResultsFile> reread = formats().readResults(yaml);
    for (Diagnostic d : reread.diagnostics()) {
      diagnostics.add(
          new LogDiagnostic(
              d.severity(),
              resultsPath,
              "",
              d.line(),
              d.column(),
              "",
              d.message() + (d.path().isEmpty() ? "" : " (at " + d.path() + ")")));
    }
    List<ResultEntry> written = reread.value().map(ResultsFile::entries).orElse(entries);
    List<PlannedResult> planned = new ArrayList<>();
    for (int i = 0; i < matches.size(); i++) {
      Match match = matches.get(i);
      ResultEntry entry = i < written.size() ? written.get(i) : match.entry();
      planned.add(new PlannedResult(match.from(), match.datasetId(), match.taskId(), entry));
    }
    return new ImportPreview(
        planned,
        diagnostics,
        resultsPath,
        new String(yaml, StandardCharsets.UTF_8),
        files.details());
  }

  /** {@code main} of {@code repo} as the files are placed against it. */
  private ResultFiles.Repository onMain(RepoId repo, Optional<ResolvedRevision> main) {
    return new ResultFiles.Repository() {
      @Override
      public boolean freeFor(String path, DetailsFile details) {
        return main.flatMap(at -> storage.contents().entry(repo, at.commitId(), path))
            .map(entry -> GitBlobs.same(entry, details))
            .orElse(true);
      }

      @Override
      public boolean freeFor(String path, byte[] text) {
        return main.flatMap(at -> storage.contents().entry(repo, at.commitId(), path))
            .map(entry -> entry.objectId().equals(GitBlobs.id(text)))
            .orElse(true);
      }
    };
  }

  private CommitTarget target(Caller caller, RepoId model, boolean createPr) {
    if (caller == null) {
      throw new HubException(
          HubException.Kind.UNAUTHENTICATED, "importing logs needs a signed-in account");
    }
    CommitTarget target = commits.target(requireModel(model), RefNames.MAIN, createPr, caller);
    if (createPr && !caller.canWrite()) {
      throw HubException.forbidden("a read token cannot open pull requests");
    }
    return target;
  }

  /** The results file and the per-sample files main does not hold yet; empty when it holds all. */
  private List<FileChange> changes(
      RepoId repo, Optional<ResolvedRevision> main, ImportPreview preview) {
    List<FileChange> changes = new ArrayList<>();
    byte[] yaml = preview.resultsYaml().getBytes(StandardCharsets.UTF_8);
    boolean resultsThere =
        main.flatMap(at -> storage.contents().entry(repo, at.commitId(), preview.resultsPath()))
            .filter(entry -> entry.objectId().equals(GitBlobs.id(yaml)))
            .isPresent();
    if (!resultsThere) {
      changes.add(FileChange.put(preview.resultsPath(), yaml));
    }
    for (DetailsFile details : preview.details()) {
      boolean there =
          main.flatMap(at -> storage.contents().entry(repo, at.commitId(), details.path()))
              .filter(entry -> GitBlobs.same(entry, details))
              .isPresent();
      if (!there) {
        changes.add(
            FileChange.put(
                details.path(),
                new FileChange.Streamed() {
                  @Override
                  public long size() {
                    return details.size();
                  }

                  @Override
                  public InputStream open() throws IOException {
                    return details.source().open();
                  }
                }));
      }
    }
    return changes;
  }

  private static String title(ImportRequest request, ImportPreview preview, List<LogSource> logs) {
    if (request.title() != null) {
      return request.title();
    }
    int count = preview.results().size();
    String first = logs.get(0).name();
    return "Import "
        + count
        + (count == 1 ? " result" : " results")
        + " from "
        + (first.length() > 120 ? first.substring(0, 117) + "..." : first)
        + (logs.size() > 1 ? " and " + (logs.size() - 1) + " more" : "");
  }

  private static ImportPreview withProblems(ImportPreview preview, List<FileProblem> problems) {
    List<LogDiagnostic> diagnostics = new ArrayList<>(preview.diagnostics());
    for (FileProblem problem : problems) {
      diagnostics.add(
          new LogDiagnostic(
              problem.diagnostic().severity(),
              problem.path(),
              "",
              problem.wholeEntry() ? 0 : problem.diagnostic().line(),
              problem.wholeEntry() ? 0 : problem.diagnostic().column(),
              "",
              problem.diagnostic().message()));
    }
    return new ImportPreview(
        preview.results(),
        diagnostics,
        preview.resultsPath(),
        preview.resultsYaml(),
        preview.details());
  }

  /**
   * The benchmarks the logs may feed, by dataset id: the named one, or every registered benchmark
   * the caller may read; each read from its {@code eval.yaml} on {@code main} (parsed once per
   * blob).
   */
  private Map<String, Benchmark> benchmarks(Optional<Caller> caller, Choice choice) {
    List<RepoId> ids;
    if (choice.named()) {
      ids = List.of(datasetId(choice.benchmark()));
    } else {
      ids = index.get().benchmarkIds();
    }
    Map<String, Benchmark> benchmarks = new LinkedHashMap<>();
    for (RepoId id : ids) {
      storage
          .repositories()
          .find(id)
          .filter(repo -> permissions.canRead(caller, repo))
          .ifPresent(
              repo -> benchmark(repo.id()).ifPresent(b -> benchmarks.put(repo.id().fullName(), b)));
    }
    return benchmarks;
  }

  private Optional<Benchmark> benchmark(RepoId dataset) {
    Optional<ResolvedRevision> main = storage.contents().resolve(dataset, RefNames.MAIN);
    Optional<dev.evalhub.domain.repo.TreeEntry> entry =
        main.flatMap(at -> storage.contents().entry(dataset, at.commitId(), "eval.yaml"));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String key = entry.get().objectId();
    synchronized (parsedBenchmarks) {
      Benchmark cached = parsedBenchmarks.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<Benchmark> read =
        storage
            .contents()
            .file(dataset, main.get().commitId(), "eval.yaml")
            .flatMap(file -> formats().readBenchmark(file.content()).value());
    read.ifPresent(
        benchmark -> {
          synchronized (parsedBenchmarks) {
            parsedBenchmarks.put(key, benchmark);
            if (parsedBenchmarks.size() > 1_000) {
              parsedBenchmarks.remove(parsedBenchmarks.keySet().iterator().next());
            }
          }
        });
    return read;
  }

  private static RepoId datasetId(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw HubException.invalid(
          "the benchmark must be named NAMESPACE/NAME, found \"" + text + "\"");
    }
    try {
      return new RepoId(RepoType.DATASET, parts[0], parts[1]);
    } catch (IllegalArgumentException | HubException e) {
      throw HubException.invalid(
          "the benchmark must be named NAMESPACE/NAME, found \"" + text + "\"");
    }
  }

  private static RepoId requireModel(RepoId id) {
    if (id.type() != RepoType.MODEL) {
      throw HubException.repoNotFound(id);
    }
    return id;
  }

  private EvalFormats formats() {
    return storage.options().formats();
  }
}
