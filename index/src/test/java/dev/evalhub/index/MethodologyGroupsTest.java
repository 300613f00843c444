package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologyGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * hub-api.md, Leaderboards rules 3–5 on the 2023 MMLU case
 * (reference/leaderboards-and-statistics.md §1.2, the table of the Hugging Face blog "What's going
 * on with the Open LLM Leaderboard?", 23 June 2023): three implementations of 5-shot MMLU whose
 * methodology differs as §1.3 says (HELM: generated letter; Harness Jan 2023: full-answer
 * log-likelihood, no topic header; Original: letter log-likelihood), eight models. Each
 * implementation is its own group, ranked in the order the blog's column gives, never mixed with
 * the others; then provenance first, units and results that state no methodology.
 */
class MethodologyGroupsTest {

  private static final String HELM = "helm";
  private static final String HARNESS = "harness";
  private static final String ORIGINAL = "original";

  /** Model, HELM, Harness (Jan 2023), Original: §1.2 verbatim. */
  private static final Object[][] TABLE = {
    {"acme/llama-65b", 0.637, 0.488, 0.636},
    {"acme/falcon-40b", 0.571, 0.527, 0.558},
    {"acme/llama-30b", 0.583, 0.457, 0.584},
    {"acme/gpt-neox-20b", 0.256, 0.333, 0.262},
    {"acme/llama-13b", 0.471, 0.377, 0.47},
    {"acme/llama-7b", 0.339, 0.342, 0.351},
    {"acme/falcon-7b", 0.278, 0.35, 0.254},
    {"acme/RedPajama-INCITE-7B-Base", 0.275, 0.34, 0.269},
  };

  /** Each column sorted by hand from the table, best first. */
  private static final List<String> HELM_ORDER =
      List.of(
          "acme/llama-65b",
          "acme/llama-30b",
          "acme/falcon-40b",
          "acme/llama-13b",
          "acme/llama-7b",
          "acme/falcon-7b",
          "acme/RedPajama-INCITE-7B-Base",
          "acme/gpt-neox-20b");

  private static final List<String> HARNESS_ORDER =
      List.of(
          "acme/falcon-40b",
          "acme/llama-65b",
          "acme/llama-30b",
          "acme/llama-13b",
          "acme/falcon-7b",
          "acme/llama-7b",
          "acme/RedPajama-INCITE-7B-Base",
          "acme/gpt-neox-20b");

  private static final List<String> ORIGINAL_ORDER =
      List.of(
          "acme/llama-65b",
          "acme/llama-30b",
          "acme/falcon-40b",
          "acme/llama-13b",
          "acme/llama-7b",
          "acme/RedPajama-INCITE-7B-Base",
          "acme/gpt-neox-20b",
          "acme/falcon-7b");

  private static final String MMLU = "acme/mmlu";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void theMmluTableGivesThreeGroupsEachInThePublishedOrderTheReferenceFirst(String database)
      throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(true));
      pushTable(hub);

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.groups())
          .extracting(MethodologyGroup::role, MethodologyGroup::label)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.REFERENCE,
                  "reference: hendrycks-test, letter log-likelihood, 5-shot, prompt aaaaaaaaaaaa"),
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.STATED, "helm, generated letter, prompt bbbbbbbbbbbb"),
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.STATED,
                  "lm-evaluation-harness, full-answer log-likelihood, prompt cccccccccccc"));
      assertThat(column(board, 0)).isEqualTo(ORIGINAL_ORDER);
      assertThat(column(board, 1)).isEqualTo(HELM_ORDER);
      assertThat(column(board, 2)).isEqualTo(HARNESS_ORDER);
      assertThat(board.entries()).hasSize(24);
      assertThat(board.flagged()).isEmpty();
      // Falcon-40B leads only where the harness measured it: never mixed into the others' ranks.
      assertThat(ranksOf(board, "acme/falcon-40b")).containsExactly(3, 3, 1);
      assertThat(board.entries().subList(0, 8))
          .extracting(Rows::value)
          .containsExactly(0.636, 0.584, 0.558, 0.47, 0.351, 0.269, 0.262, 0.254);

      hub.index.ingestion().reindex(ReindexProgress.NONE);
      assertThat(hub.leaderboard(MMLU, "mmlu", false)).isEqualTo(board);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void withoutAReferenceEachGroupIsLabelledByItsOwnKeys(String database) throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(false));
      pushTable(hub);

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.groups())
          .extracting(MethodologyGroup::role, MethodologyGroup::label)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.STATED,
                  "helm, generated letter, 5-shot, prompt bbbbbbbbbbbb"),
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.STATED,
                  "hendrycks-test, letter log-likelihood, 5-shot, prompt aaaaaaaaaaaa"),
              org.assertj.core.groups.Tuple.tuple(
                  MethodologyGroup.Role.STATED,
                  "lm-evaluation-harness, full-answer log-likelihood, 5-shot, prompt cccccccccccc"));
      assertThat(column(board, 0)).isEqualTo(HELM_ORDER);
      assertThat(column(board, 1)).isEqualTo(ORIGINAL_ORDER);
      assertThat(column(board, 2)).isEqualTo(HARNESS_ORDER);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aTaskVersionSplitsAGroup(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(true)).repo("acme/a", false).repo("acme/b", false);
      hub.put(
          "acme/a",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 0.6, methodology(ORIGINAL) + "    task_version: \"1\"\n"));
      hub.put(
          "acme/b",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 0.5, methodology(ORIGINAL) + "    task_version: \"2\"\n"));

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.groups()).hasSize(2);
      assertThat(board.entries()).extracting(LeaderboardEntry::rank).containsExactly(1, 1);
      assertThat(board.groups())
          .extracting(MethodologyGroup::label)
          .allSatisfy(label -> assertThat(label).contains("task version"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aStrangersHigherPullRequestValueIsAClaimNotTheRow(String database) throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(true)).repo("acme/llama-65b", false).repo("acme/other", false);
      hub.put(
          "acme/llama-65b",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 0.636, methodology(ORIGINAL)));
      hub.put(
          "acme/other", ".eval_results/r.yaml", result(MMLU, "mmlu", 0.7, methodology(ORIGINAL)));
      int pr =
          hub.pullRequest(
              "acme/llama-65b",
              ".eval_results/better.yaml",
              result(MMLU, "mmlu", 0.9, methodology(ORIGINAL)));

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.entries())
          .extracting(e -> e.rank() + " " + Rows.modelId(e) + " " + Rows.value(e))
          .containsExactly("1 acme/other 0.7", "2 acme/llama-65b 0.636");
      LeaderboardEntry owner = board.entries().get(1);
      assertThat(owner.location().onMain()).isTrue();
      assertThat(owner.claims())
          .containsExactly(new LeaderboardEntry.Claim(0.9, new PrNumber(pr), "bob"));

      hub.index.ingestion().reindex(ReindexProgress.NONE);
      assertThat(hub.leaderboard(MMLU, "mmlu", false)).isEqualTo(board);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aPercentOnAFractionTaskIsFlaggedApartAndNotRanked(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(true))
          .repo("acme/llama-65b", false)
          .repo("acme/llama-30b", false)
          .repo("acme/broken", false);
      hub.put(
          "acme/llama-65b",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 63.6, methodology(ORIGINAL)));
      hub.put(
          "acme/llama-30b",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 0.584, methodology(ORIGINAL)));
      hub.put(
          "acme/broken", ".eval_results/r.yaml", result(MMLU, "mmlu", -3, methodology(ORIGINAL)));

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.entries())
          .extracting(e -> e.rank() + " " + Rows.modelId(e))
          .containsExactly("1 acme/llama-30b");
      assertThat(board.flagged())
          .extracting(Rows::modelId, LeaderboardEntry::rank, LeaderboardEntry::flag)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "acme/broken",
                  0,
                  Optional.of(
                      new LeaderboardEntry.RangeFlag(
                          "outside the task's range [0, 1]", Optional.empty()))),
              org.assertj.core.groups.Tuple.tuple(
                  "acme/llama-65b",
                  0,
                  Optional.of(
                      new LeaderboardEntry.RangeFlag(
                          "outside the task's range [0, 1]",
                          Optional.of("looks like a percentage on a [0, 1] task")))));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void resultsWithNoMethodologyFormTheirOwnGroupListedLast(String database) {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark(MMLU, mmluYaml(true))
          .repo("acme/stated", false)
          .repo("acme/bare", false)
          .repo("acme/empty", false);
      hub.put("acme/bare", ".eval_results/r.yaml", result(MMLU, "mmlu", 0.9, ""));
      hub.put(
          "acme/empty",
          ".eval_results/r.yaml",
          result(MMLU, "mmlu", 0.8, "  methodology:\n    precision: bfloat16\n"));
      hub.put("acme/stated", ".eval_results/r.yaml", result(MMLU, "mmlu", 0.5, methodology(HELM)));

      Leaderboard board = hub.leaderboard(MMLU, "mmlu", false);

      assertThat(board.groups())
          .extracting(MethodologyGroup::role)
          .containsExactly(
              MethodologyGroup.Role.STATED,
              MethodologyGroup.Role.STATED,
              MethodologyGroup.Role.NONE);
      assertThat(board.groups().get(2).label()).isEqualTo("no methodology stated");
      assertThat(board.entries())
          .extracting(e -> e.rank() + " " + Rows.modelId(e) + " " + e.provenance().group().role())
          .containsExactly("1 acme/stated STATED", "1 acme/empty STATED", "1 acme/bare NONE");
    }
  }

  private static void pushTable(IndexFixture hub) {
    for (Object[] row : TABLE) {
      String model = (String) row[0];
      hub.repo(model, false)
          .put(
              model,
              ".eval_results/mmlu.yaml",
              result(MMLU, "mmlu", (double) row[1], methodology(HELM))
                  + result(MMLU, "mmlu", (double) row[2], methodology(HARNESS))
                  + result(MMLU, "mmlu", (double) row[3], methodology(ORIGINAL)));
    }
  }

  /** The methodology block of each implementation as §1.3 describes it. */
  private static String methodology(String implementation) {
    return switch (implementation) {
      case HELM ->
          "  methodology:\n    framework: helm\n    framework_version: cab5d89\n"
              + "    num_fewshot: 5\n    scoring: generate_letter\n    prompt_sha256: "
              + "b".repeat(64)
              + "\n";
      case HARNESS ->
          "  methodology:\n    framework: lm-evaluation-harness\n    framework_version: e47e01b\n"
              + "    num_fewshot: 5\n    scoring: loglikelihood_answer\n    prompt_sha256: "
              + "c".repeat(64)
              + "\n";
      default ->
          "  methodology:\n    framework: hendrycks-test\n"
              + "    num_fewshot: 5\n    scoring: loglikelihood_letter\n    prompt_sha256: "
              + "a".repeat(64)
              + "\n";
    };
  }

  private static String mmluYaml(boolean withReference) {
    return evalYaml("MMLU", "mmlu")
        + "evalhub:\n  tasks:\n    mmlu:\n      metric:\n        name: accuracy\n"
        + "        range: [0, 1]\n"
        + (withReference
            ? "      reference:\n        scoring: loglikelihood_letter\n        num_fewshot: 5\n"
            : "");
  }

  /** The models of the {@code index}-th group, in rank order. */
  private static List<String> column(Leaderboard board, int index) {
    MethodologyGroup group = board.groups().get(index);
    return board.entries().stream()
        .filter(e -> e.provenance().group().equals(group))
        .map(Rows::modelId)
        .toList();
  }

  private static List<Integer> ranksOf(Leaderboard board, String model) {
    return board.entries().stream()
        .filter(e -> Rows.modelId(e).equals(model))
        .map(LeaderboardEntry::rank)
        .toList();
  }
}
