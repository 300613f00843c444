package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.index.ReindexSummary;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.repo.FileChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The property of the spec: after a random sequence of commits (results added, changed, deleted,
 * signed or not, model cards with and without base_model (lineage: merges, relations, cycles),
 * benchmarks changed, pull requests opened, closed and merged) with the index sometimes offline and
 * catching up, the incrementally built index equals a fresh rebuild, row for row.
 */
class ReindexEqualityTest {

  private static final long SEED = 20261127L;
  private static final int STEPS = 100;
  private static final List<String> MODELS =
      List.of("alice/m1", "alice/m2", "bob/m3", "acme/m4", "acme/m5");
  private static final List<String> DATASETS = List.of("acme/b1", "bob/b2", "acme/unregistered");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void incrementalIndexEqualsAFreshRebuild(String database) throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      Random random = new Random(SEED);
      hub.benchmark("acme/b1", evalYaml("B1", "t1", "t2"))
          .benchmark("bob/b2", evalYaml("B2", "t1"));
      hub.repo("datasets/acme/unregistered", false);
      for (String model : MODELS) {
        hub.repo(model, model.endsWith("m5"));
      }
      // Flags (issue 14) draw from a random of their own, so the other steps stay as they were.
      Random flagRandom = new Random(SEED + 14);
      for (int step = 0; step < STEPS; step++) {
        if (step == STEPS / 2) {
          // Issue 14: a withdrawn task (later results frozen out), whatever the random steps do.
          hub.put("datasets/acme/b1", "eval.yaml", evalYaml("B1", "t1", "t2") + WITHDRAWN);
        }
        randomStep(hub, random);
        flagStep(hub, flagRandom);
        if (random.nextInt(10) == 0) {
          hub.live.set(!hub.live.get());
          if (hub.live.get()) {
            hub.index.ingestion().catchUp();
          }
        }
      }
      // Whatever the random steps left: an upheld contamination flag of bob/m3 inherited by
      // acme/m4, whose README names it (issue 14).
      hub.put("bob/m3", ".eval_results/lineage.yaml", result("acme/b1", "t1", 31, ""))
          .put("acme/m4", ".eval_results/lineage.yaml", result("acme/b1", "t1", 30, ""))
          .put("acme/m4", "README.md", "---\nbase_model: bob/m3\n---\n# m4\n");
      hub.resolveFlag(
          "bob/m3",
          hub.flag(
              "bob/m3",
              ".eval_results/lineage.yaml",
              "acme/b1",
              "t1",
              dev.evalhub.domain.pr.FlagCategory.CONTAMINATION),
          dev.evalhub.domain.pr.FlagStatus.UPHELD);
      // The last word on b1: version 1 declared invalid, the task deprecated (issue 14).
      hub.put("datasets/acme/b1", "eval.yaml", evalYaml("B1", "t1", "t2") + INVALID_V1);
      hub.put("alice/m2", "README.md", modelCard(42.5));
      // Issue 16: a read-only mirror of another hub's model; its rows carry their origin.
      hub.storage.accounts().createOrg("mirrored", List.of());
      hub.storage.createMirrorFromFiles(
          dev.evalhub.domain.RepoId.parsePath("mirrored/m6").orElseThrow(),
          "https://source.example/mirrored/m6",
          List.of(
              FileChange.put(
                  ".eval_results/r.yaml",
                  result("acme/b1", "t1", 29, "").getBytes(StandardCharsets.UTF_8))),
          "Mirror of https://source.example/mirrored/m6 at 0123456789ab");
      hub.live.set(true);
      hub.index.ingestion().catchUp();
      List<String> incremental = hub.dump();
      Map<String, Leaderboard> boards =
          Map.of(
              "b1",
              hub.leaderboard("acme/b1", "t1", false),
              "b2",
              hub.leaderboard("bob/b2", "t1", false));
      assertThat(incremental).anyMatch(row -> row.startsWith("pull_requests"));
      assertThat(incremental)
          .anyMatch(row -> row.startsWith("benchmark_changes") && row.contains("invalid_versions"))
          .anyMatch(row -> row.startsWith("benchmark_changes") && row.contains("withdrawn"));
      assertThat(boards.get("b1").invalidated()).isNotEmpty();
      assertThat(boards.get("b1").notice()).isPresent();
      assertThat(incremental).anyMatch(row -> row.startsWith("card_results"));
      assertThat(incremental).anyMatch(row -> row.startsWith("flags"));
      assertThat(boards.values())
          .flatExtracting(ReindexEqualityTest::rows)
          .flatExtracting(e -> e.trust().flags())
          .extracting(f -> f.inheritedFrom().isPresent())
          .contains(true, false);
      assertThat(rows(boards.get("b1")))
          .extracting(e -> e.model().origin())
          .contains(Optional.of("https://source.example/mirrored/m6"), Optional.empty());
      assertThat(boards.values())
          .flatExtracting(ReindexEqualityTest::rows)
          .extracting(e -> e.verdict().verified())
          .contains(true, false);
      assertThat(boards.values())
          .flatExtracting(ReindexEqualityTest::rows)
          .extracting(
              e -> e.uncertainty().filter(u -> u.samples().isPresent()).flatMap(u -> u.source()))
          .contains(
              Optional.of(dev.evalhub.domain.leaderboard.Uncertainty.Source.DETAILS),
              Optional.empty());

      ReindexSummary summary = hub.index.ingestion().reindex(ReindexProgress.NONE);

      assertThat(hub.dump()).containsExactlyElementsOf(incremental);
      assertThat(summary.repositories()).isEqualTo(MODELS.size() + DATASETS.size() + 1);
      assertThat(
              Map.of(
                  "b1",
                  hub.leaderboard("acme/b1", "t1", false),
                  "b2",
                  hub.leaderboard("bob/b2", "t1", false)))
          .isEqualTo(boards);
    }
  }

  private static final String WITHDRAWN =
      "evalhub:\n  tasks:\n    t1:\n      status: withdrawn\n      status_reason: leaked\n";
  private static final String INVALID_V1 =
      "evalhub:\n  tasks:\n    t1:\n      status: deprecated\n      status_reason: superseded\n"
          + "      invalid_versions: [\"1\"]\n";

  /** A leaderboard's ranked rows and those an upheld flag took apart. */
  private static List<dev.evalhub.domain.leaderboard.LeaderboardEntry> rows(Leaderboard board) {
    List<dev.evalhub.domain.leaderboard.LeaderboardEntry> rows = new ArrayList<>(board.entries());
    rows.addAll(board.invalidated());
    return rows;
  }

  /**
   * The public models: a README naming a private parent passes nothing on (it would reveal the
   * link), so lineage steps name public parents for inherited flags to arise.
   */
  private static final List<String> PUBLIC_MODELS =
      MODELS.stream().filter(m -> !m.endsWith("m5")).toList();

  /** Open flags: model and number. */
  private final List<Map.Entry<String, Integer>> openFlags = new ArrayList<>();

  /**
   * Sometimes a flag on a result of acme/b1 t1 (any category), a resolution of an open one, or a
   * README naming another model as its base (lineage for inherited flags).
   */
  private void flagStep(IndexFixture hub, Random random) {
    String model = MODELS.get(random.nextInt(MODELS.size()));
    switch (random.nextInt(8)) {
      case 0 ->
          openFlags.add(
              Map.entry(
                  model,
                  hub.flag(
                      model,
                      file(random),
                      "acme/b1",
                      "t1",
                      random.nextInt(3) == 0
                          ? dev.evalhub.domain.pr.FlagCategory.OTHER
                          : dev.evalhub.domain.pr.FlagCategory.CONTAMINATION)));
      case 1 -> {
        if (!openFlags.isEmpty()) {
          Map.Entry<String, Integer> flag = openFlags.remove(random.nextInt(openFlags.size()));
          hub.resolveFlag(
              flag.getKey(),
              flag.getValue(),
              random.nextInt(3) == 0
                  ? dev.evalhub.domain.pr.FlagStatus.REJECTED
                  : dev.evalhub.domain.pr.FlagStatus.UPHELD);
        }
      }
      case 2 ->
          hub.put(
              model,
              "README.md",
              "---\nbase_model: "
                  + PUBLIC_MODELS.get(random.nextInt(PUBLIC_MODELS.size()))
                  + "\n---\n# l\n");
      default -> {}
    }
  }

  /** Open pull requests: model and number. */
  private final List<Map.Entry<String, Integer>> openPullRequests = new ArrayList<>();

  private void randomStep(IndexFixture hub, Random random) throws Exception {
    String model = MODELS.get(random.nextInt(MODELS.size()));
    switch (random.nextInt(12)) {
      case 11 ->
          // A details file changed under results that may name it: their samples follow it.
          hub.commit(model, List.of(FileChange.put(DETAILS, details(1 + random.nextInt(5)))));
      case 8 -> {
        // Strangers cannot see, so cannot open pull requests on, the private model.
        String target = model.endsWith("m5") ? MODELS.get(0) : model;
        openPullRequests.add(
            Map.entry(target, hub.pullRequest(target, file(random), results(hub, target, random))));
      }
      case 9, 10 -> {
        if (!openPullRequests.isEmpty()) {
          Map.Entry<String, Integer> pr =
              openPullRequests.remove(random.nextInt(openPullRequests.size()));
          if (random.nextBoolean()) {
            hub.closePullRequest(pr.getKey(), pr.getValue());
          } else {
            hub.mergePullRequest(pr.getKey(), pr.getValue());
          }
        }
      }
      case 0, 1, 2 -> hub.put(model, file(random), results(hub, model, random));
      case 3 ->
          hub.commit(
              model,
              List.of(
                  put(file(random), results(hub, model, random)),
                  put(file(random) + ".yml", results(hub, model, random))));
      case 4 -> {
        if (hasFile(hub, model)) {
          hub.delete(model, firstFile(hub, model));
        } else {
          hub.put(model, file(random), results(hub, model, random));
        }
      }
      case 5 ->
          hub.put(
              model,
              "README.md",
              switch (random.nextInt(4)) {
                case 0 -> "---\nbase_model: alice/m1\n---\n# x\n";
                // Lineage: merges, parents off the hub and cycles through the other models.
                case 1 ->
                    "---\nbase_model:\n- "
                        + MODELS.get(random.nextInt(MODELS.size()))
                        + "\n- outside/parent\nbase_model_relation: merge\n---\n";
                case 2 ->
                    "---\nbase_model: "
                        + MODELS.get(random.nextInt(MODELS.size()))
                        + "\nbase_model_relation: "
                        + List.of("adapter", "finetune", "quantized", "bogus")
                            .get(random.nextInt(4))
                        + "\n---\n";
                default -> "---\nlicense: mit\n---\n# y " + random.nextInt() + "\n";
              });
      case 6 ->
          hub.put(
              "datasets/acme/b1",
              "eval.yaml",
              evalYaml("B1", "t1", "t2")
                  + switch (random.nextInt(5)) {
                    // Issue 14: a tolerance for discrepancies without a standard error.
                    case 0 ->
                        "evalhub:\n  tasks:\n    t1:\n      metric:\n        higher_is_better: false\n"
                            + "        name: acc\n        tolerance: 5\n";
                    // Issue 14: a version declared invalid, a deprecated and a withdrawn task.
                    case 1 ->
                        "evalhub:\n  tasks:\n    t1:\n      version: \"2\"\n"
                            + "      invalid_versions: [\"1\"]\n";
                    case 2 ->
                        "evalhub:\n  tasks:\n    t1:\n      status: deprecated\n"
                            + "      status_reason: superseded\n";
                    case 3 ->
                        "evalhub:\n  tasks:\n    t1:\n      status: withdrawn\n"
                            + "      status_reason: leaked\n";
                    default -> "# plain " + random.nextInt() + "\n";
                  });
      default ->
          hub.put(
              "datasets/bob/b2",
              "eval.yaml",
              random.nextBoolean() ? evalYaml("B2", "t1") : evalYaml("B2", "t1", "t3"));
    }
  }

  /** A README whose model-index result benchmark b1 maps (t1's metric is acc when declared). */
  private static String modelCard(double value) {
    return "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n"
        + "    dataset: {type: acme/b1, name: B1}\n    metrics:\n"
        + "    - {type: acc, value: "
        + value
        + "}\n---\n";
  }

  private static boolean hasFile(IndexFixture hub, String model) {
    return !hub.evalResults(
            model,
            Optional.of(
                new dev.evalhub.domain.Caller(model.split("/")[0], dev.evalhub.domain.Role.WRITE)))
        .isEmpty();
  }

  private static String firstFile(IndexFixture hub, String model) {
    return hub.evalResults(
            model,
            Optional.of(
                new dev.evalhub.domain.Caller(model.split("/")[0], dev.evalhub.domain.Role.WRITE)))
        .get(0)
        .location()
        .filename();
  }

  private static String file(Random random) {
    return ".eval_results/r" + random.nextInt(3) + ".yaml";
  }

  private static FileChange put(String path, String content) {
    return FileChange.put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One to three entries, with ties, groups, dates, sources and valid, edited or garbage tokens.
   */
  private String results(IndexFixture hub, String model, Random random) {
    StringBuilder yaml = new StringBuilder();
    int entries = 1 + random.nextInt(3);
    for (int i = 0; i < entries; i++) {
      String dataset = DATASETS.get(random.nextInt(DATASETS.size()));
      String task = random.nextInt(4) == 0 ? "t2" : "t1";
      double value = 10 * (1 + random.nextInt(5));
      yaml.append("- dataset:\n    id: ")
          .append(dataset)
          .append("\n    task_id: ")
          .append(task)
          .append("\n  value: ")
          .append(value)
          .append('\n');
      int token = random.nextInt(4);
      if (token == 0) {
        yaml.append("  verifyToken: ").append(sign(hub, model, dataset, task, value)).append('\n');
      } else if (token == 1) {
        yaml.append("  verifyToken: ")
            .append(sign(hub, model, dataset, task, value + 1))
            .append('\n');
      } else if (token == 2) {
        yaml.append("  verifyToken: not.a.token\n");
      }
      if (random.nextBoolean()) {
        yaml.append("  date: \"2025-0").append(1 + random.nextInt(9)).append("-01\"\n");
      }
      if (random.nextBoolean()) {
        yaml.append("  source:\n    url: https://example.org/")
            .append(random.nextInt(3))
            .append('\n');
      }
      if (random.nextBoolean()) {
        yaml.append("  methodology:\n    num_fewshot: ").append(random.nextInt(2) * 5).append('\n');
        int version = random.nextInt(3);
        if (version > 0) {
          yaml.append("    task_version: \"").append(version).append("\"\n");
        }
      }
      if (random.nextInt(3) == 0) {
        // Reproduced when the model's details file is the one of this value (k of 10 right).
        yaml.append("  details:\n    path: ")
            .append(DETAILS)
            .append("\n    sha256: ")
            .append(sha256(details((int) (value / 10))))
            .append("\n    format: lm-eval-samples\n");
      }
    }
    return yaml.toString();
  }

  private static final String DETAILS = ".eval_results/details/d.jsonl";

  /** lm-eval samples of 10 items, the first {@code right} of them right. */
  private byte[] details(int right) {
    int[] correct = new int[10];
    java.util.Arrays.fill(correct, 0, right, 1);
    try {
      Path folder = java.nio.file.Files.createDirectories(dir.resolve("details-" + right));
      return java.nio.file.Files.readAllBytes(
          dev.evalhub.testing.DetailsFiles.lmEvalSamples(folder, "t1", correct));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(
      IndexFixture hub, String model, String dataset, String task, double value) {
    return IndexFixture.token(hub.key, model, dataset, task, value);
  }
}
