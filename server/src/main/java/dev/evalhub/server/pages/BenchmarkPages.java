package dev.evalhub.server.pages;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.index.Index;
import dev.evalhub.index.Leaderboard;
import dev.evalhub.index.LeaderboardEntry;
import dev.evalhub.server.pages.view.BenchmarkView;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.storage.Caller;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.RepoId;
import dev.evalhub.storage.RepoType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the benchmark page: the index's leaderboards (which check that the caller may see the dataset and keep
 * private models out), the filters and sort of the query, and the {@code eval.yaml} read from {@code main}.
 * Thread-safe.
 */
final class BenchmarkPages {

  private static final String UNSPECIFIED = "unspecified";

  private final Index index;
  private final RepoContents contents;
  private final EvalFormats formats;

  BenchmarkPages(Index index, RepoContents contents, EvalFormats formats) {
    this.index = index;
    this.contents = contents;
    this.formats = formats;
  }

  BenchmarkView page(Chrome chrome, RepoId dataset, LeaderboardQuery asked, Optional<Caller> caller) {
    List<Leaderboard> boards = index.leaderboards(dataset.fullName(), asked.baseModelsOnly(), caller);
    Leaderboard board = boards.stream().filter(b -> b.taskId().equals(asked.task())).findFirst()
        .orElse(boards.get(0));
    LeaderboardQuery query = asked.withTask(board.taskId());
    String evalYaml = contents.resolve(dataset, "main")
        .flatMap(main -> contents.file(dataset, main.commitId(), "eval.yaml"))
        .map(file -> new String(file.content(), StandardCharsets.UTF_8)).orElse("");
    Optional<Benchmark> benchmark = formats.readBenchmark(evalYaml.getBytes(StandardCharsets.UTF_8)).value();
    List<BenchmarkView.TaskLink> tasks = boards.stream().map(b -> new BenchmarkView.TaskLink(b.taskId(),
        query.withTask(b.taskId()).queryString(), b.taskId().equals(board.taskId()))).toList();
    List<BenchmarkView.Group> groups = groups(board, query);
    return new BenchmarkView(chrome, dataset.fullName(), benchmark.map(Benchmark::name).orElse(dataset.name()),
        benchmark.map(Benchmark::description).orElse(""),
        benchmark.map(Benchmark::evaluationFramework).orElse(""), tasks, query,
        board.metricName() == null || board.metricName().isBlank() ? "value" : board.metricName(),
        board.higherIsBetter() ? "higher is better" : "lower is better", groups,
        groups.stream().mapToInt(g -> g.rows().size()).sum(), evalYaml);
  }

  /** The rows the filters keep, one table per methodology group, each headed by what sets it apart. */
  static List<BenchmarkView.Group> groups(Leaderboard board, LeaderboardQuery query) {
    Map<Map<String, String>, List<LeaderboardEntry>> byGroup = new LinkedHashMap<>();
    for (LeaderboardEntry entry : board.entries()) {
      if ((!query.verifiedOnly() || entry.verified()) && (query.includeCommunity() || entry.pullRequest() == null)) {
        byGroup.computeIfAbsent(entry.group(), g -> new ArrayList<>()).add(entry);
      }
    }
    Set<String> differing = differingKeys(byGroup.keySet());
    List<BenchmarkView.Group> groups = new ArrayList<>();
    byGroup.forEach((group, entries) -> groups.add(new BenchmarkView.Group(heading(group, differing, byGroup.size()),
        entries.stream().sorted(order(query.sort(), board.higherIsBetter()))
            .map(e -> row(e, summary(group))).toList())));
    return groups;
  }

  private static Comparator<LeaderboardEntry> order(LeaderboardQuery.Sort sort, boolean higherIsBetter) {
    Comparator<LeaderboardEntry> byModel = Comparator.comparing(LeaderboardEntry::modelId,
        String.CASE_INSENSITIVE_ORDER);
    return switch (sort) {
      case RANK -> Comparator.comparingInt(LeaderboardEntry::rank).thenComparing(byModel);
      case MODEL -> byModel.thenComparingInt(LeaderboardEntry::rank);
      // Best first, whichever direction the metric has: the same order as the rank, without ties broken by rank.
      case VALUE -> Comparator.comparingDouble((LeaderboardEntry e) -> higherIsBetter ? -e.value() : e.value())
          .thenComparing(byModel);
    };
  }

  private static BenchmarkView.Row row(LeaderboardEntry entry, String methodology) {
    String sourceUrl = entry.source() == null ? null : Links.safeHref(entry.source().url());
    String sourceName = entry.source() == null ? null
        : entry.source().name() != null ? entry.source().name() : entry.source().url();
    return new BenchmarkView.Row(Integer.toString(entry.rank()), entry.modelId(), Numbers.format(entry.value()),
        entry.stderr() == null ? null : Numbers.format(entry.stderr()),
        // The leaderboard badge says "on this leaderboard": on the leaderboard itself it says nothing.
        Badges.of(entry.badges().stream().filter(b -> !b.type().equals("leaderboard")).toList()), methodology,
        sourceUrl, sourceName, entry.pullRequest(), entry.notes());
  }

  /** The methodology keys whose values differ between the groups: what a heading must name. */
  private static Set<String> differingKeys(Set<Map<String, String>> groups) {
    Set<String> keys = new TreeSet<>();
    for (Map<String, String> group : groups) {
      for (Map.Entry<String, String> pair : group.entrySet()) {
        if (groups.stream().anyMatch(other -> !pair.getValue().equals(other.get(pair.getKey())))) {
          keys.add(pair.getKey());
        }
      }
    }
    return keys;
  }

  private static String heading(Map<String, String> group, Set<String> differing, int groupCount) {
    if (groupCount == 1) {
      return "Methodology: " + summary(group);
    }
    return "Methodology group: " + group.entrySet().stream().filter(e -> differing.contains(e.getKey()))
        .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "))
        + " (ranked separately: results are compared only within the same methodology)";
  }

  static String summary(Map<String, String> group) {
    String known = group.entrySet().stream().filter(e -> !e.getValue().equals(UNSPECIFIED))
        .map(e -> e.getKey().equals("num_fewshot") ? e.getValue() + "-shot" : e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    return known.isEmpty() ? "not stated" : known;
  }
}
