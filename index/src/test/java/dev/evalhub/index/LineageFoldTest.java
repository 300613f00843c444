package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.lineage.LineageFold;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaderboards fold derived models under their base: each row under its nearest ancestor's row in
 * the same methodology group, depth first, rows under no other in rank order, ranks untouched.
 */
class LineageFoldTest {

  @TempDir Path dir;

  private static String card(String baseModels, String relation) {
    return "---\nbase_model: "
        + baseModels
        + "\n"
        + (relation == null ? "" : "base_model_relation: " + relation + "\n")
        + "---\n";
  }

  private static void model(IndexFixture hub, String id, String results, String readme) {
    hub.repo(id, id.contains("private")).put(id, ".eval_results/r.yaml", results);
    if (readme != null) {
      hub.put(id, "README.md", readme);
    }
  }

  /** A row as {@code indent rank id <- base relation}. */
  private static List<String> text(LineageFold fold) {
    return fold.rows().stream()
        .map(
            row ->
                "  ".repeat(row.level())
                    + row.entry().rank()
                    + " "
                    + row.entry().model().id().fullName()
                    + row.derivedFrom()
                        .map(
                            d ->
                                " <- "
                                    + d.base().fullName()
                                    + " "
                                    + d.relation().id()
                                    + " "
                                    + d.generations())
                        .orElse(""))
        .toList();
  }

  @Test
  void derivedModelsFoldUnderTheirNearestAncestorWithARowInTheirGroup() {
    try (IndexFixture hub = IndexFixture.h2(dir)) {
      hub.benchmark("acme/b1", evalYaml("B1", "t1"));
      String fewShot = "  methodology:\n    num_fewshot: 5\n";
      model(hub, "alice/base", result("acme/b1", "t1", 50, ""), null);
      model(
          hub,
          "bob/tune",
          result("acme/b1", "t1", 60, "") + result("acme/b1", "t1", 20, fewShot),
          card("alice/base", "finetune"));
      model(
          hub,
          "acme/merged",
          result("acme/b1", "t1", 40, "") + result("acme/b1", "t1", 10, fewShot),
          card("[alice/gone, bob/tune, alice/other]", "merge"));
      model(hub, "alice/other", result("acme/b1", "t1", 30, ""), null);
      model(hub, "bob/solo", result("acme/b1", "t1", 45, ""), null);
      model(hub, "bob/quant", result("acme/b1", "t1", 70, ""), card("meta/outside", "quantized"));
      // Through a private model: nothing folds (the leaderboard is the same for every caller).
      hub.repo("alice/private-mid", true)
          .put("alice/private-mid", "README.md", card("alice/base", null));
      model(hub, "bob/grand", result("acme/b1", "t1", 35, ""), card("alice/private-mid", null));
      // Two generations up when the parent has no row.
      hub.repo("bob/mid", false).put("bob/mid", "README.md", card("alice/other", "adapter"));
      model(hub, "bob/leaf", result("acme/b1", "t1", 25, ""), card("bob/mid", null));

      LineageFold fold = hub.index.fold(hub.leaderboard("acme/b1", "t1", false));

      assertThat(text(fold))
          .containsExactly(
              "1 bob/tune",
              "  2 acme/merged <- bob/tune merge 1",
              "1 bob/quant",
              "3 alice/base",
              "  2 bob/tune <- alice/base finetune 1",
              "    5 acme/merged <- bob/tune merge 1",
              "4 bob/solo",
              "6 bob/grand",
              "7 alice/other",
              "  8 bob/leaf <- alice/other unknown 2");
      assertThat(text(hub.index.fold(hub.leaderboard("acme/b1", "t1", true))))
          .containsExactly("1 alice/base", "2 bob/solo", "3 alice/other");
    }
  }

  @Test
  void modelsNamingEachOtherFoldOnlyOneWay() {
    try (IndexFixture hub = IndexFixture.h2(dir)) {
      hub.benchmark("acme/b1", evalYaml("B1", "t1"));
      model(hub, "alice/x", result("acme/b1", "t1", 55, ""), card("bob/y", null));
      model(hub, "bob/y", result("acme/b1", "t1", 50, ""), card("alice/x", null));

      LineageFold fold = hub.index.fold(hub.leaderboard("acme/b1", "t1", false));

      assertThat(text(fold)).containsExactly("2 bob/y", "  1 alice/x <- bob/y unknown 1");
    }
  }
}
