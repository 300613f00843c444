package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageNode;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.ModelView;
import dev.evalhub.service.ContentService;
import dev.evalhub.service.JobService;
import dev.evalhub.service.LeaderboardService;
import dev.evalhub.service.LineageService;
import dev.evalhub.service.PullRequestService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the model page from the index's results of the model (which checks visibility), its model
 * card on {@code main} and its pull requests. Thread-safe.
 */
final class ModelPages {

  private final LeaderboardService leaderboards;
  private final ContentService contents;
  private final PullRequestService pullRequests;
  private final EvalFormats formats;
  private final JobService jobs;
  private final LineageService lineage;

  ModelPages(
      LeaderboardService leaderboards,
      LineageService lineage,
      ContentService contents,
      PullRequestService pullRequests,
      EvalFormats formats,
      JobService jobs) {
    this.jobs = jobs;
    this.lineage = lineage;
    this.leaderboards = leaderboards;
    this.contents = contents;
    this.pullRequests = pullRequests;
    this.formats = formats;
  }

  ModelView page(Chrome chrome, RepoId model, Optional<Caller> caller) {
    List<EvalResult> results = leaderboards.evalResults(model, caller);
    Map<String, List<ModelView.Result>> byDataset = new LinkedHashMap<>();
    Map<String, Boolean> registered = new LinkedHashMap<>();
    Map<String, Set<String>> tasks = new LinkedHashMap<>();
    List<ModelView.InvalidFile> invalid = new ArrayList<>();
    for (EvalResult result : results) {
      if (result instanceof EvalResult.Invalid file) {
        invalid.add(
            new ModelView.InvalidFile(file.location().filename(), pullRequest(file), file.error()));
        continue;
      }
      EvalResult.Valid valid = (EvalResult.Valid) result;
      String datasetId = valid.entry().dataset().id();
      byDataset.computeIfAbsent(datasetId, d -> new ArrayList<>()).add(result(valid));
      registered.merge(datasetId, valid.notOnLeaderboard().isEmpty(), Boolean::logicalOr);
      if (valid.notOnLeaderboard().isEmpty()) {
        tasks
            .computeIfAbsent(datasetId, d -> new LinkedHashSet<>())
            .add(valid.entry().dataset().taskId());
      }
    }
    List<ModelView.BenchmarkResults> benchmarks = new ArrayList<>();
    byDataset.forEach(
        (id, rows) ->
            benchmarks.add(
                new ModelView.BenchmarkResults(
                    id,
                    registered.get(id),
                    rows,
                    caller.isPresent() && runnable(id, caller)
                        ? List.copyOf(tasks.getOrDefault(id, Set.of()))
                        : List.of())));
    List<ModelView.PullRequestLink> open =
        pullRequests.list(model, caller).stream()
            .filter(pr -> pr.isPullRequest() && pr.status() == PrStatus.OPEN)
            .map(pr -> new ModelView.PullRequestLink(pr.number().value(), pr.title(), pr.author()))
            .toList();
    List<ModelView.Spread> spreads =
        leaderboards.spreads(model, Optional.empty(), Optional.empty(), caller).stream()
            .map(ModelPages::spread)
            .toList();
    return new ModelView(
        chrome,
        model.fullName(),
        benchmarks,
        spreads,
        invalid,
        cardResults(model, caller),
        open,
        lineage(lineage.lineage(model, caller)));
  }

  private static ModelView.Lineage lineage(Lineage lineage) {
    return new ModelView.Lineage(
        nodes(lineage.parents()), nodes(lineage.children()), lineage.truncated());
  }

  private static List<ModelView.LineageNode> nodes(List<LineageNode> nodes) {
    return nodes.stream()
        .map(n -> new ModelView.LineageNode(n.id(), n.onHub(), n.relation().id(), nodes(n.next())))
        .toList();
  }

  private static ModelView.Result result(EvalResult.Valid result) {
    ResultEntry entry = result.entry();
    String url = entry.source() == null ? null : entry.source().url();
    String name = entry.source() == null ? null : entry.source().name();
    return new ModelView.Result(
        entry.dataset().taskId(),
        Numbers.format(entry.value()),
        entry.stderr() == null ? null : Numbers.format(entry.stderr()),
        Badges.of(result.badges()),
        methodology(entry.methodology() == null ? Map.of() : entry.methodology().fields()),
        entry.date(),
        Links.safeHref(url),
        name != null ? name : url,
        entry.notes(),
        pullRequest(result),
        result.location().filename(),
        result.notOnLeaderboard().orElse(null),
        result.verdict().failure().orElse(null));
  }

  /**
   * Whether a recipe of this hub runs the benchmark {@code datasetId}, whose {@code eval.yaml} on
   * {@code main} names its framework; read only when the hub has recipes at all.
   */
  private boolean runnable(String datasetId, Optional<Caller> caller) {
    if (jobs.recipes().all().isEmpty()) {
      return false;
    }
    Optional<RepoId> benchmark = RepoId.parsePath(RepoType.DATASET.urlPrefix() + datasetId);
    return benchmark
        .flatMap(b -> contents.find(b, "main", caller))
        .flatMap(main -> contents.file(main, "eval.yaml", caller))
        .flatMap(file -> formats.readBenchmark(file.content()).value())
        .map(declared -> jobs.hasRecipe(benchmark.get(), declared.evaluationFramework()))
        .orElse(false);
  }

  private static ModelView.Spread spread(MethodologySpread spread) {
    List<ModelView.SpreadRow> rows = new ArrayList<>();
    for (MethodologySpread.Measurement m : spread.measurements()) {
      rows.add(
          new ModelView.SpreadRow(
              Numbers.format(m.value()),
              m.stderr().map(Numbers::format).orElse(null),
              m.numSamples().map(String::valueOf).orElse(null),
              m.date().orElse(null),
              spread.differing().stream()
                  .map(key -> String.valueOf(m.methodology().getOrDefault(key, "unspecified")))
                  .toList(),
              m.provenance().id(),
              m.location().pullRequest().map(PrNumber::value).orElse(null),
              m.location().filename()));
    }
    return new ModelView.Spread(
        spread.datasetId(),
        spread.taskId(),
        spread.common().isEmpty() ? "" : methodology(spread.common()),
        spread.differing(),
        rows);
  }

  private static Integer pullRequest(EvalResult result) {
    return result.location().pullRequest().map(PrNumber::value).orElse(null);
  }

  private List<ModelView.CardResult> cardResults(RepoId model, Optional<Caller> caller) {
    return contents
        .find(model, "main", caller)
        .flatMap(main -> contents.file(main, "README.md", caller))
        .flatMap(readme -> formats.readModelCard(readme.content()).value())
        .map(ModelPages::cardRows)
        .orElse(List.of());
  }

  private static List<ModelView.CardResult> cardRows(ModelCard card) {
    List<ModelView.CardResult> rows = new ArrayList<>();
    for (ModelCard.ModelIndex modelIndex : card.models()) {
      for (ModelCard.CardResult result : modelIndex.results()) {
        for (ModelCard.CardMetric metric : result.metrics()) {
          rows.add(
              new ModelView.CardResult(
                  result.task() == null ? "" : result.task().type(),
                  result.dataset() == null ? "" : result.dataset().name(),
                  metric.name() != null ? metric.name() : metric.type(),
                  metric.isNumber() ? Numbers.format(metric.value()) : metric.text()));
        }
      }
    }
    return rows;
  }

  static String methodology(Map<?, ?> methodology) {
    return methodology.isEmpty()
        ? "not stated"
        : methodology.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
