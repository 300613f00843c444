package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.Comparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Two leaderboard rows compared, as {@code GET /api/datasets/{ns}/{name}/compare} answers: {@code
 * {datasetId, taskId, group: {key, label, role, group}, a, b} } (two rows as {@link
 * LeaderboardJson#entry}), {@code test: {method, difference, ci: {lower, upper, level}, pValue,
 * common, aBetter, bBetter}} (the last three for a paired test only) or {@code notEstablished} (why
 * no test), and, when both rows have per-sample details, {@code itemCounts: {common, aBetter,
 * bBetter, same}} with, when asked, {@code items: [{id, a, b}]} (the common items the filter keeps,
 * in id order). The difference is A − B in the task's units. Stateless.
 */
final class ComparisonJson {

  private ComparisonJson() {}

  /** Which common items a comparison lists: none (the default), all, or where one scored higher. */
  enum Items {
    NONE(item -> false),
    ALL(item -> true),
    A_BETTER(item -> item.a() > item.b()),
    B_BETTER(item -> item.b() > item.a()),
    SAME(item -> item.a() == item.b());

    private final Predicate<Comparison.Item> keeps;

    Items(Predicate<Comparison.Item> keeps) {
      this.keeps = keeps;
    }

    /** The filter named {@code id} ({@code none, all, a_better, b_better, same}). */
    static Items of(String id) {
      for (Items items : values()) {
        if (items.name().toLowerCase(Locale.ROOT).equals(id)) {
          return items;
        }
      }
      throw new IllegalArgumentException(
          "items must be one of none, all, a_better, b_better, same; got \"" + id + "\"");
    }

    boolean keeps(Comparison.Item item) {
      return keeps.test(item);
    }
  }

  static Map<String, Object> comparison(Comparison comparison, Items items) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("datasetId", comparison.task().benchmark().fullName());
    json.put("taskId", comparison.task().taskId());
    json.put("group", LeaderboardJson.group(comparison.group()));
    json.put("a", LeaderboardJson.entry(comparison.a()));
    json.put("b", LeaderboardJson.entry(comparison.b()));
    comparison.test().ifPresent(test -> json.put("test", test(test)));
    comparison.notEstablished().ifPresent(reason -> json.put("notEstablished", reason));
    List<Comparison.Item> common = comparison.items();
    if (!common.isEmpty()) {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("common", common.size());
      counts.put("aBetter", common.stream().filter(Items.A_BETTER::keeps).count());
      counts.put("bBetter", common.stream().filter(Items.B_BETTER::keeps).count());
      counts.put("same", common.stream().filter(Items.SAME::keeps).count());
      json.put("itemCounts", counts);
    }
    if (items != Items.NONE) {
      json.put("items", common.stream().filter(items::keeps).map(ComparisonJson::item).toList());
    }
    return json;
  }

  private static Map<String, Object> test(Comparison.Test test) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", test.method());
    json.put("difference", test.difference());
    Map<String, Object> ci = new LinkedHashMap<>();
    ci.put("lower", test.lower());
    ci.put("upper", test.upper());
    ci.put("level", test.level());
    json.put("ci", ci);
    json.put("pValue", test.pValue());
    if (test.common() > 0) {
      json.put("common", test.common());
      json.put("aBetter", test.aBetter());
      json.put("bBetter", test.bBetter());
    }
    return json;
  }

  private static Map<String, Object> item(Comparison.Item item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", item.id());
    json.put("a", item.a());
    json.put("b", item.b());
    return json;
  }
}
