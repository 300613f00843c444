package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultKey;
import dev.evalhub.domain.history.ResultStep;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.repo.RepoFile;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.ResolvedRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.importers.eee.EeeExport;
import dev.evalhub.index.Index;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.Repositories;
import dev.evalhub.storage.ResultHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exports a model's results in other formats: today Every Eval Ever 0.3.0 records, one per result
 * entry of the {@code .eval_results/*.yaml} files on the model's {@code main} (files that do not
 * validate are left out), with the benchmark task's metric when the caller may read the benchmark
 * and the commit that gave the entry its value. Not found when the caller may not read the model.
 * Thread-safe.
 */
public final class ExportService {

  private static final String RESULTS_FOLDER = ".eval_results";

  private final Permissions permissions;
  private final Repositories repositories;
  private final RepoContents contents;
  private final ResultHistory history;
  private final EvalFormats formats;
  private final Supplier<Index> index;
  private final Clock clock;

  ExportService(
      Permissions permissions,
      Repositories repositories,
      RepoContents contents,
      ResultHistory history,
      EvalFormats formats,
      Supplier<Index> index,
      Clock clock) {
    this.permissions = permissions;
    this.repositories = repositories;
    this.contents = contents;
    this.history = history;
    this.formats = formats;
    this.index = index;
    this.clock = clock;
  }

  /**
   * The Every Eval Ever records (UTF-8 JSON) of the results of {@code model} on {@code main}: a
   * JSON array of every result's record, or, with {@code file} ({@code .eval_results/x.yaml}) and
   * {@code index} (0-based), the one record of that entry. {@code hubUrl} (the hub's public base
   * URL), when given, is named in the records as where they come from. INVALID when only one of
   * {@code file} and {@code index} is given, or when they name no entry of a valid results file;
   * REPO_NOT_FOUND when the caller may not read the model.
   */
  public byte[] eee(
      RepoId model,
      Optional<String> file,
      Optional<Integer> index,
      Optional<String> hubUrl,
      Optional<Caller> caller) {
    if (model.type() != RepoType.MODEL) {
      throw HubException.repoNotFound(model);
    }
    RepoInfo repo = permissions.readable(model, caller);
    if (file.isPresent() != index.isPresent()) {
      throw HubException.invalid("file and index are given together, or neither");
    }
    Optional<ResolvedRevision> main = contents.resolve(repo.id(), "main");
    Exports exports = new Exports(repo, hubUrl.orElse(null), caller);
    if (file.isPresent()) {
      String path = file.get();
      int at = index.get();
      if (!isResultsFile(path)) {
        throw HubException.invalid(
            "\"" + path + "\" is not a results file (.eval_results/NAME.yaml)");
      }
      RepoFile found =
          main.flatMap(m -> contents.file(repo.id(), m.commitId(), path))
              .orElseThrow(() -> HubException.invalid("no results file " + path + " on main"));
      List<ResultEntry> entries =
          read(found)
              .orElseThrow(
                  () -> HubException.invalid(path + " does not validate; it exports nothing"));
      if (at < 0 || at >= entries.size()) {
        throw HubException.invalid(
            path + " has " + entries.size() + " entries; index " + at + " names none");
      }
      return EeeExport.bytes(exports.of(path, at, entries.get(at)), clock.instant());
    }
    List<EeeExport.Result> results = new ArrayList<>();
    if (main.isPresent()) {
      List<TreeEntry> folder =
          contents.tree(repo.id(), main.get().commitId(), RESULTS_FOLDER, false).orElse(List.of());
      for (TreeEntry entry : folder) {
        if (entry.type() != TreeEntry.Type.FILE || !isResultsFile(entry.path())) {
          continue;
        }
        Optional<List<ResultEntry>> entries =
            contents.file(repo.id(), main.get().commitId(), entry.path()).flatMap(this::read);
        if (entries.isEmpty()) {
          continue;
        }
        for (int i = 0; i < entries.get().size(); i++) {
          results.add(exports.of(entry.path(), i, entries.get().get(i)));
        }
      }
    }
    return EeeExport.array(results, clock.instant());
  }

  private static boolean isResultsFile(String path) {
    if (!path.startsWith(RESULTS_FOLDER + "/")) {
      return false;
    }
    String name = path.substring(RESULTS_FOLDER.length() + 1);
    return !name.contains("/") && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private Optional<List<ResultEntry>> read(RepoFile file) {
    Validated<ResultsFile> read = formats.readResults(file.content());
    return read.value().map(ResultsFile::entries);
  }

  /** Building the export of each entry, with what is looked up once per request. */
  private final class Exports {
    private final RepoInfo repo;
    private final String hubUrl;
    private final Optional<Caller> caller;
    private final Map<String, Optional<BenchmarkInfo>> benchmarks = new HashMap<>();
    private List<ResultHistoryEntry> steps;

    Exports(RepoInfo repo, String hubUrl, Optional<Caller> caller) {
      this.repo = repo;
      this.hubUrl = hubUrl;
      this.caller = caller;
    }

    EeeExport.Result of(String file, int at, ResultEntry entry) {
      String datasetId = entry.dataset() == null ? "" : entry.dataset().id();
      String taskId = entry.dataset() == null ? "" : entry.dataset().taskId();
      Optional<BenchmarkInfo.Task> task =
          benchmark(datasetId)
              .flatMap(b -> b.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst());
      return new EeeExport.Result(
          repo.id().fullName(),
          datasetId,
          taskId,
          entry,
          task.map(BenchmarkInfo.Task::metricName).filter(Objects::nonNull).orElse(null),
          task.map(t -> !t.higherIsBetter()).orElse(null),
          file,
          at,
          commit(file, datasetId, taskId, entry).orElse(null),
          hubUrl);
    }

    /** The benchmark {@code datasetId} names, when it is registered and the caller may read it. */
    private Optional<BenchmarkInfo> benchmark(String datasetId) {
      return benchmarks.computeIfAbsent(
          datasetId,
          id ->
              RepoId.parsePath(RepoType.DATASET.urlPrefix() + id)
                  .flatMap(repositories::find)
                  .filter(dataset -> permissions.canRead(caller, dataset))
                  .flatMap(dataset -> index.get().benchmark(dataset.id())));
    }

    /** The last commit on main that gave this entry its value, from the result history. */
    private Optional<String> commit(String file, String datasetId, String taskId, ResultEntry e) {
      if (steps == null) {
        steps = history.of(repo.id(), Optional.empty());
      }
      ResultKey key = new ResultKey(file, datasetId, taskId, e.notes() == null ? "" : e.notes());
      return steps.stream()
          .filter(h -> h.key().equals(key))
          .flatMap(h -> h.steps().stream())
          .filter(s -> s.ref().equals(RefNames.MAIN) && s.commit().isPresent())
          .filter(s -> s.newValue().isPresent() && s.newValue().get() == e.value())
          .filter(s -> s.kind() == ResultStep.Kind.ADDED || s.kind() == ResultStep.Kind.CHANGED)
          .reduce((first, second) -> second)
          .flatMap(ResultStep::commit);
    }
  }
}
