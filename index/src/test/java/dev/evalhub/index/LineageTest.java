package dev.evalhub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.lineage.Descendant;
import dev.evalhub.domain.lineage.Lineage;
import dev.evalhub.domain.lineage.LineageNode;
import dev.evalhub.formats.model.BaseModelRelation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code base_model} lineage the index derives from models' READMEs on main: trees up and down,
 * descendants by generation, bounded and cycle-safe, private models only for those who may read
 * them; on H2 and PostgreSQL.
 */
class LineageTest {

  @TempDir Path dir;

  private static RepoId id(String path) {
    return RepoId.parsePath(path).orElseThrow();
  }

  private static String card(String baseModels, String relation) {
    return "---\nbase_model: "
        + baseModels
        + "\n"
        + (relation == null ? "" : "base_model_relation: " + relation + "\n")
        + "---\n# card\n";
  }

  /** A node as {@code id relation [next...]}, links marked with a leading {@code @}. */
  private static String text(List<LineageNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (LineageNode node : nodes) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(node.onHub() ? "@" : "")
          .append(node.id())
          .append(' ')
          .append(node.relation().id());
      if (!node.next().isEmpty()) {
        out.append(" [").append(text(node.next())).append(']');
      }
    }
    return out.toString();
  }

  private IndexFixture threeGenerations(String database) {
    IndexFixture hub = IndexFixture.of(database, dir);
    hub.repo("alice/base", false)
        .repo("alice/other", false)
        .repo("bob/tune", false)
        .repo("acme/merged", false);
    hub.put("bob/tune", "README.md", card("Alice/Base", "finetune"))
        .put("acme/merged", "README.md", card("[bob/tune, alice/other]", "merge"))
        .put("alice/other", "README.md", "---\nlicense: mit\n---\n");
    return hub;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void threeGenerationsAndAMergeWithTwoParentsReadUpAndDown(String database) {
    try (IndexFixture hub = threeGenerations(database)) {
      Lineage merged = hub.index.lineage(id("acme/merged"), any -> false);
      Lineage base = hub.index.lineage(id("alice/base"), any -> false);
      Lineage tune = hub.index.lineage(id("bob/tune"), any -> false);

      assertThat(text(merged.parents()))
          .isEqualTo("@bob/tune merge [@alice/base finetune], @alice/other merge");
      assertThat(merged.children()).isEmpty();
      assertThat(base.parents()).isEmpty();
      assertThat(text(base.children())).isEqualTo("@bob/tune finetune [@acme/merged merge]");
      assertThat(text(tune.parents())).isEqualTo("@alice/base finetune");
      assertThat(text(tune.children())).isEqualTo("@acme/merged merge");
      assertThat(merged.truncated()).isFalse();
      assertThat(hub.index.descendants(id("alice/base")))
          .containsExactly(
              new Descendant(id("bob/tune"), 1, BaseModelRelation.FINETUNE),
              new Descendant(id("acme/merged"), 2, BaseModelRelation.MERGE));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aCycleInTheCardsEndsWhereAModelComesBack(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.repo("alice/a", false).repo("bob/b", false).repo("acme/c", false);
      hub.put("alice/a", "README.md", card("acme/c", null))
          .put("bob/b", "README.md", card("alice/a", "adapter"))
          .put("acme/c", "README.md", card("bob/b", "quantized"));

      Lineage a = hub.index.lineage(id("alice/a"), any -> true);

      assertThat(text(a.parents()))
          .isEqualTo("@acme/c unknown [@bob/b quantized [@alice/a adapter]]");
      assertThat(text(a.children()))
          .isEqualTo("@bob/b adapter [@acme/c quantized [@alice/a unknown]]");
      assertThat(hub.index.descendants(id("alice/a")))
          .extracting(Descendant::model, Descendant::depth)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(id("bob/b"), 1),
              org.assertj.core.groups.Tuple.tuple(id("acme/c"), 2));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void parentsOffTheHubKeepTheirIdsAndHaveNoLink(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.repo("alice/tune", false);
      hub.put("alice/tune", "README.md", card("[meta-llama/Llama-3.1-8B, gpt2, alice/tune]", null));

      Lineage tune = hub.index.lineage(id("alice/tune"), any -> true);

      assertThat(text(tune.parents()))
          .isEqualTo("meta-llama/Llama-3.1-8B unknown, gpt2 unknown, @alice/tune unknown");
      assertThat(hub.index.descendants(id("meta-llama/Llama-3.1-8B")))
          .extracting(Descendant::model)
          .containsExactly(id("alice/tune"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aReadmeChangeRemovesItsEdgeAndADeletedReadmeAllOfThem(String database) {
    try (IndexFixture hub = threeGenerations(database)) {
      hub.put("acme/merged", "README.md", card("alice/other", "merge"));

      assertThat(text(hub.index.lineage(id("bob/tune"), any -> false).children())).isEmpty();
      assertThat(text(hub.index.lineage(id("alice/other"), any -> false).children()))
          .isEqualTo("@acme/merged merge");

      hub.delete("bob/tune", "README.md");

      assertThat(hub.index.lineage(id("alice/base"), any -> false).isEmpty()).isTrue();
      assertThat(hub.index.descendants(id("alice/base"))).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void privateModelsShowOnlyToThoseWhoMayReadThem(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.repo("alice/Secret", true).repo("bob/public", false).repo("alice/base", false);
      hub.put("alice/Secret", "README.md", card("alice/base", "finetune"))
          .put("bob/public", "README.md", card("alice/secret", "quantized"));

      Lineage stranger = hub.index.lineage(id("bob/public"), any -> false);
      Lineage writer = hub.index.lineage(id("bob/public"), any -> true);

      // As the public card wrote it, exactly like a model off the hub.
      assertThat(text(stranger.parents())).isEqualTo("alice/secret quantized");
      assertThat(text(writer.parents()))
          .isEqualTo("@alice/Secret quantized [@alice/base finetune]");
      assertThat(hub.index.lineage(id("alice/base"), any -> false).children()).isEmpty();
      assertThat(text(hub.index.lineage(id("alice/base"), any -> true).children()))
          .isEqualTo("@alice/Secret finetune [@bob/public quantized]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2"})
  void aLongChainStopsAtSixteenGenerations(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      int models = Lineage.MAX_DEPTH + 3;
      for (int i = 0; i < models; i++) {
        hub.repo("alice/g" + i, false);
        if (i > 0) {
          hub.put("alice/g" + i, "README.md", card("alice/g" + (i - 1), "finetune"));
        }
      }

      Lineage root = hub.index.lineage(id("alice/g0"), any -> true);
      Lineage leaf = hub.index.lineage(id("alice/g" + (models - 1)), any -> true);

      assertThat(depth(root.children())).isEqualTo(Lineage.MAX_DEPTH);
      assertThat(root.truncated()).isTrue();
      assertThat(depth(leaf.parents())).isEqualTo(Lineage.MAX_DEPTH);
      assertThat(leaf.truncated()).isTrue();
      assertThat(hub.index.descendants(id("alice/g0"))).hasSize(Lineage.MAX_DEPTH);
      assertThat(hub.index.lineage(id("alice/g2"), any -> true).truncated()).isFalse();
    }
  }

  private static int depth(List<LineageNode> nodes) {
    return nodes.stream().mapToInt(n -> 1 + depth(n.next())).max().orElse(0);
  }
}
