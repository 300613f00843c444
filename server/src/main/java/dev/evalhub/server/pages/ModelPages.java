package dev.evalhub.server.pages;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.ModelCard;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.index.Index;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.ModelView;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.domain.RepoId;
import dev.evalhub.service.PullRequestService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the model page from the index's results of the model (which checks visibility), its model card on
 * {@code main} and its pull requests. Thread-safe.
 */
final class ModelPages {

  private final Index index;
  private final RepoContents contents;
  private final PullRequestService pullRequests;
  private final EvalFormats formats;

  ModelPages(Index index, RepoContents contents, PullRequestService pullRequests, EvalFormats formats) {
    this.index = index;
    this.contents = contents;
    this.pullRequests = pullRequests;
    this.formats = formats;
  }

  ModelView page(Chrome chrome, RepoId model, Optional<Caller> caller) {
    List<EvalResult> results = index.evalResults(model.fullName(), caller);
    Map<String, List<ModelView.Result>> byDataset = new LinkedHashMap<>();
    Map<String, Boolean> registered = new LinkedHashMap<>();
    List<ModelView.InvalidFile> invalid = new ArrayList<>();
    for (EvalResult result : results) {
      if (result.error() != null) {
        invalid.add(new ModelView.InvalidFile(result.filename(), result.pullRequest(), result.error()));
        continue;
      }
      Map<?, ?> data = (Map<?, ?>) result.data();
      Map<?, ?> dataset = map(data.get("dataset"));
      String datasetId = String.valueOf(dataset.get("id"));
      byDataset.computeIfAbsent(datasetId, d -> new ArrayList<>()).add(result(result, data, dataset));
      registered.merge(datasetId, result.notOnLeaderboard() == null, Boolean::logicalOr);
    }
    List<ModelView.BenchmarkResults> benchmarks = new ArrayList<>();
    byDataset.forEach((id, rows) -> benchmarks.add(new ModelView.BenchmarkResults(id, registered.get(id), rows)));
    List<ModelView.PullRequestLink> open = pullRequests.list(model, caller).stream()
        .filter(pr -> pr.isPullRequest() && pr.status() == PrStatus.OPEN)
        .map(pr -> new ModelView.PullRequestLink(pr.number().value(), pr.title(), pr.author())).toList();
    return new ModelView(chrome, model.fullName(), benchmarks, invalid, cardResults(model), open);
  }

  private static ModelView.Result result(EvalResult result, Map<?, ?> data, Map<?, ?> dataset) {
    Map<?, ?> source = map(data.get("source"));
    Object stderr = data.get("stderr");
    Object url = source.get("url");
    Object name = source.get("name");
    return new ModelView.Result(String.valueOf(dataset.get("task_id")), number(data.get("value")),
        stderr == null ? null : number(stderr), Badges.of(result.badges()), methodology(map(data.get("methodology"))),
        text(data.get("date")), Links.safeHref(text(url)), name != null ? text(name) : text(url),
        text(data.get("notes")), result.pullRequest(), result.filename(), result.notOnLeaderboard(),
        result.verificationError());
  }

  private List<ModelView.CardResult> cardResults(RepoId model) {
    return contents.resolve(model, "main").flatMap(main -> contents.file(model, main.commitId(), "README.md"))
        .flatMap(readme -> formats.readModelCard(readme.content()).value())
        .map(ModelPages::cardRows).orElse(List.of());
  }

  private static List<ModelView.CardResult> cardRows(ModelCard card) {
    List<ModelView.CardResult> rows = new ArrayList<>();
    for (ModelCard.ModelIndex modelIndex : card.models()) {
      for (ModelCard.CardResult result : modelIndex.results()) {
        for (ModelCard.CardMetric metric : result.metrics()) {
          rows.add(new ModelView.CardResult(result.task() == null ? "" : result.task().type(),
              result.dataset() == null ? "" : result.dataset().name(),
              metric.name() != null ? metric.name() : metric.type(),
              metric.isNumber() ? Numbers.format(metric.value()) : metric.text()));
        }
      }
    }
    return rows;
  }

  private static String methodology(Map<?, ?> methodology) {
    return methodology.isEmpty() ? "not stated" : methodology.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  private static String number(Object value) {
    return value instanceof Number n ? Numbers.format(n.doubleValue()) : String.valueOf(value);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
