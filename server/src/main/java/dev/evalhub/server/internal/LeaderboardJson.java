package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.GroupStatistics;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import dev.evalhub.domain.leaderboard.Uncertainty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Leaderboards in the JSON of the Hugging Face API: a row is {@code rank, modelId, value, filename,
 * verified, source?, author, pullRequest?, notes?} plus evalhub's {@code group, groupLabel,
 * groupRole, badges, methodology?, n?, stderr?, stderrSource?, ci?, samples?, rankUpper?, tier?,
 * tierTest?, verificationError?, claims?, flag?, discrepancies?} ({@link DiscrepancyJson});
 * evalhub's own {@code /leaderboards} wraps each task's rows with its direction, its groups in
 * display order (with their {@code key}), its flagged rows (outside the task's range, rank 0, never
 * ranked), what each group's statistical ranks rest on ({@code statistics}), the rows that left it
 * because the public record stands against them ({@code invalidated}, rank 0) and a deprecated or
 * withdrawn task's {@code notice} (see {@link InvalidationJson}). Absent values are absent keys.
 * Stateless.
 */
final class LeaderboardJson {

  private LeaderboardJson() {}

  /** One row of {@code GET /api/datasets/{ns}/{name}/leaderboard}. */
  static Map<String, Object> entry(LeaderboardEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rank", entry.rank());
    json.put("modelId", entry.model().id().fullName());
    json.put("value", entry.score().value());
    json.put("filename", entry.location().filename());
    json.put("verified", entry.verdict().verified());
    entry
        .provenance()
        .source()
        .ifPresent(
            source -> {
              Map<String, Object> link = new LinkedHashMap<>();
              link.put("url", source.url());
              source.name().ifPresent(name -> link.put("name", name));
              json.put("source", link);
            });
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("type", entry.model().ownerIsOrganisation() ? "org" : "user");
    author.put("name", entry.model().id().namespace());
    json.put("author", author);
    entry.model().origin().ifPresent(origin -> json.put("origin", origin));
    entry.location().pullRequest().ifPresent(pr -> json.put("pullRequest", pr.value()));
    entry.provenance().notes().ifPresent(notes -> json.put("notes", notes));
    json.put("group", entry.provenance().group().values());
    json.put("groupLabel", entry.provenance().group().label());
    json.put("groupRole", entry.provenance().group().role().id());
    json.put("badges", badges(entry.badges()));
    if (!entry.trust().flags().isEmpty()) {
      json.put("flags", FlagJson.marks(entry.trust().flags()));
    }
    entry
        .provenance()
        .methodology()
        .ifPresent(methodology -> json.put("methodology", methodology.fields()));
    putUncertainty(json, entry);
    entry.verdict().failure().ifPresent(failure -> json.put("verificationError", failure));
    if (!entry.claims().isEmpty()) {
      json.put("claims", entry.claims().stream().map(LeaderboardJson::claim).toList());
    }
    entry
        .flag()
        .ifPresent(
            flag -> {
              Map<String, Object> flagJson = new LinkedHashMap<>();
              flagJson.put("reason", flag.reason());
              flag.hint().ifPresent(hint -> flagJson.put("hint", hint));
              json.put("flag", flagJson);
            });
    InvalidationJson.put(json, entry);
    if (!entry.trust().discrepancies().isEmpty()) {
      json.put(
          "discrepancies",
          entry.trust().discrepancies().stream()
              .map(d -> DiscrepancyJson.discrepancy(entry.model().id(), d))
              .toList());
    }
    return json;
  }

  /**
   * The row's precision and statistical rank: {@code n, stderr, stderrSource, ci: {lower, upper,
   * level, method}, samples, rankUpper, tier, tierTest}, each absent when unknown. {@code n} and
   * {@code stderr} fall back to what the file states when the hub computed no uncertainty.
   */
  private static void putUncertainty(Map<String, Object> json, LeaderboardEntry entry) {
    Optional<Uncertainty> uncertainty = entry.uncertainty();
    OptionalLong n =
        uncertainty
            .map(Uncertainty::n)
            .filter(OptionalLong::isPresent)
            .orElse(OptionalLong.empty());
    if (n.isEmpty()) {
      n = entry.provenance().numSamples();
    }
    n.ifPresent(value -> json.put("n", value));
    Optional<Double> stderr = uncertainty.flatMap(Uncertainty::stderr);
    if (stderr.isPresent()) {
      json.put("stderr", stderr.get());
      uncertainty.flatMap(Uncertainty::source).ifPresent(s -> json.put("stderrSource", s.id()));
    } else {
      entry.score().stderr().ifPresent(value -> json.put("stderr", value));
    }
    uncertainty.flatMap(Uncertainty::ci).ifPresent(ci -> json.put("ci", interval(ci)));
    uncertainty
        .map(Uncertainty::samples)
        .filter(OptionalInt::isPresent)
        .ifPresent(samples -> json.put("samples", samples.getAsInt()));
    entry
        .statistics()
        .ifPresent(
            rank -> {
              json.put("rankUpper", rank.rankUpper());
              json.put("tier", rank.tier());
              rank.tierTest().ifPresent(test -> json.put("tierTest", test));
            });
  }

  /** A confidence interval as {@code {lower, upper, level, method}}. */
  static Map<String, Object> interval(Uncertainty.ConfidenceInterval ci) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("lower", ci.lower());
    json.put("upper", ci.upper());
    json.put("level", ci.level());
    json.put("method", ci.method());
    return json;
  }

  private static Map<String, Object> claim(LeaderboardEntry.Claim claim) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("value", claim.value());
    json.put("pullRequest", claim.pullRequest().value());
    json.put("author", claim.author());
    return json;
  }

  static Map<String, Object> group(MethodologyGroup group) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", group.key());
    json.put("group", group.values());
    json.put("role", group.role().id());
    json.put("label", group.label());
    return json;
  }

  /** One task's leaderboard of {@code GET /api/datasets/{ns}/{name}/leaderboards}. */
  static Map<String, Object> leaderboard(Leaderboard leaderboard) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("datasetId", leaderboard.task().benchmark().fullName());
    json.put("taskId", leaderboard.task().taskId());
    json.put("metricName", leaderboard.metricName());
    json.put("higherIsBetter", leaderboard.higherIsBetter());
    json.put("groups", leaderboard.groups().stream().map(LeaderboardJson::group).toList());
    json.put("entries", leaderboard.entries().stream().map(LeaderboardJson::entry).toList());
    json.put("flagged", leaderboard.flagged().stream().map(LeaderboardJson::entry).toList());
    json.put(
        "invalidated", leaderboard.invalidated().stream().map(LeaderboardJson::entry).toList());
    InvalidationJson.putNotice(json, leaderboard);
    json.put(
        "statistics", leaderboard.statistics().stream().map(LeaderboardJson::statistics).toList());
    return json;
  }

  /**
   * What one group's statistical ranks rest on: {@code group} (its key), {@code rankedRows,
   * rankedLimit, testsByMethod, notEstablished, alpha, n?, minimumDetectableDifference?}.
   */
  static Map<String, Object> statistics(GroupStatistics statistics) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("group", statistics.group().key());
    json.put("rankedRows", statistics.rankedRows());
    json.put("rankedLimit", statistics.rankedLimit());
    json.put("testsByMethod", statistics.testsByMethod());
    json.put("notEstablished", statistics.notEstablished());
    json.put("alpha", statistics.alpha());
    statistics.n().ifPresent(n -> json.put("n", n));
    statistics
        .minimumDetectableDifference()
        .ifPresent(mdd -> json.put("minimumDetectableDifference", mdd));
    return json;
  }

  /**
   * The {@code benchmark} block of a benchmark listed by {@code GET
   * /api/datasets?filter=benchmark:official}.
   */
  static Map<String, Object> benchmark(BenchmarkInfo benchmark) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("datasetId", benchmark.dataset().fullName());
    putIfPresent(json, "name", benchmark.name());
    putIfPresent(json, "description", benchmark.description());
    putIfPresent(json, "evaluationFramework", benchmark.evaluationFramework());
    json.put("tasks", benchmark.tasks().stream().map(LeaderboardJson::task).toList());
    return json;
  }

  /** Badges as {@code {type, label, url?}}. */
  static List<Map<String, Object>> badges(List<Badge> badges) {
    return badges.stream().map(LeaderboardJson::badge).toList();
  }

  private static Map<String, Object> badge(Badge badge) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", badge.kind().id());
    json.put("label", badge.label());
    putIfPresent(json, "url", badge.url());
    return json;
  }

  private static Map<String, Object> task(BenchmarkInfo.Task task) {
    Map<String, Object> json = new LinkedHashMap<>();
    putIfPresent(json, "id", task.id());
    putIfPresent(json, "config", task.config());
    putIfPresent(json, "split", task.split());
    putIfPresent(json, "metricName", task.metricName());
    json.put("higherIsBetter", task.higherIsBetter());
    task.kind().ifPresent(kind -> json.put("metricKind", kind.id()));
    return json;
  }

  static void putIfPresent(Map<String, Object> json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
