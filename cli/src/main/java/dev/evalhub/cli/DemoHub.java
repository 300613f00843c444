package dev.evalhub.cli;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.importers.ImportProgress;
import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogSource;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.ImportOutcome;
import dev.evalhub.service.ImportRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data of {@code evalhub serve --demo}: an organisation {@code demo} whose benchmarks map real
 * evaluation frameworks' tasks ({@code evalhub.tasks.<id>.sources}) and whose models' results are
 * imported, through {@link dev.evalhub.service.ImportService}, from real public logs kept in the
 * jar ({@code demo-logs/}, origins in its {@code ORIGIN.md}): lm-evaluation-harness, Inspect AI,
 * lighteval and HELM, with their per-sample files. So the methodology of every result was read from
 * a run, and the leaderboards show several methodology groups: letter vs answer-text scoring of one
 * generated lm-eval run, lm-eval (log-likelihood of the letters) vs lighteval (generated letters)
 * on GPQA diamond, Inspect vs HELM on MMLU. One import opens a pull request; one results file is
 * signed by the hub's key. Seeding is skipped when the {@code demo} organisation exists, so a
 * restart changes nothing.
 */
final class DemoHub {

  static final String ORG = "demo";
  private static final String BOT = "demo-bot";
  private static final String NOTE =
      "Demo data seeded by `evalhub serve --demo` from real public evaluation logs"
          + " (their origins: demo-logs/ORIGIN.md in the evalhub jar).";

  private static final String TINY = "lm-eval/generated-tiny/";
  private static final String TINY_RUN = "2026-11-27T16-36-41.214631";
  private static final String HELM = "helm/mmlu-philosophy_multiple-choice-joint_gpt2/";

  /** A benchmark: its name, description and tasks, each with its framework sources. */
  private record Bench(String name, String description, String framework, List<Task> tasks) {}

  /** A task and the sources that feed it. */
  private record Task(String id, List<Source> sources) {}

  /** A framework's task and metric key. */
  private record Source(String framework, String task, String metric) {}

  /** A model, the logs imported into it, and whether the import opens a pull request. */
  private record Model(String name, String about, List<String> logs, boolean pullRequest) {}

  private static final List<Bench> BENCHMARKS =
      List.of(
          new Bench(
              "tiny-mc",
              "Eight made-up questions asked two ways by lm-evaluation-harness: as letter choices"
                  + " (A-D) and as answer texts (cloze); and a generation task.",
              "lm-evaluation-harness",
              List.of(
                  new Task(
                      "mc",
                      List.of(
                          lmEval("tiny_mc_letter", "acc,none"),
                          lmEval("tiny_mc_cloze", "acc,none"))),
                  new Task("gen", List.of(lmEval("tiny_gen", "exact_match,strict-match"))))),
          new Bench(
              "hellaswag",
              "HellaSwag sentence completion, by the answers' length-normalised log-likelihood"
                  + " (lm-evaluation-harness's acc_norm).",
              "lm-evaluation-harness",
              List.of(new Task("hellaswag", List.of(lmEval("hellaswag", "acc_norm,none"))))),
          new Bench(
              "gpqa-diamond",
              "GPQA diamond (198 questions): lm-evaluation-harness's Open LLM Leaderboard task and"
                  + " lighteval's variant that also offers \"I don't know\".",
              "lm-evaluation-harness",
              List.of(
                  new Task(
                      "diamond",
                      List.of(
                          lmEval("leaderboard_gpqa_diamond", "acc_norm,none"),
                          new Source("lighteval", "community|gpqa-diamond-idk", "trad_score"))))),
          new Bench(
              "open-llm-leaderboard-v2",
              "Two tasks of the Open LLM Leaderboard v2, as lm-evaluation-harness runs them.",
              "lm-evaluation-harness",
              List.of(
                  new Task(
                      "ifeval",
                      List.of(lmEval("leaderboard_ifeval", "prompt_level_strict_acc,none"))),
                  new Task("mmlu_pro", List.of(lmEval("leaderboard_mmlu_pro", "acc,none"))))),
          new Bench(
              "mmlu",
              "MMLU: an Inspect AI run (one question) and a HELM run (the philosophy subject).",
              "inspect-ai",
              List.of(
                  new Task(
                      "mmlu",
                      List.of(
                          new Source("inspect-ai", "inspect_evals/mmlu_0_shot", "accuracy"),
                          new Source(
                              "helm",
                              "mmlu:subject=philosophy,method=multiple_choice_joint",
                              "exact_match"))))),
          new Bench(
              "arc-easy",
              "ARC easy, as Inspect AI's inspect_evals/arc_easy runs it (a few questions).",
              "inspect-ai",
              List.of(
                  new Task(
                      "arc_easy",
                      List.of(new Source("inspect-ai", "inspect_evals/arc_easy", "accuracy"))))),
          new Bench(
              "lexam-en",
              "LEXam's English multiple-choice legal questions, with an \"I don't know\" option.",
              "lighteval",
              List.of(
                  new Task(
                      "mcq",
                      List.of(new Source("lighteval", "community|lexam-en-idk", "trad_score"))))));

  private static final List<Model> MODELS =
      List.of(
          new Model(
              "tiny-random-2layer",
              "a random two-layer model (its scores mean nothing; the logs' shapes are real)",
              List.of(
                  TINY + "results_" + TINY_RUN + ".json",
                  TINY + "samples_tiny_mc_letter_" + TINY_RUN + ".jsonl",
                  TINY + "samples_tiny_mc_cloze_" + TINY_RUN + ".jsonl",
                  TINY + "samples_tiny_gen_" + TINY_RUN + ".jsonl"),
              false),
          new Model(
              "llama-3.1-8b-instruct",
              "meta-llama/Llama-3.1-8B-Instruct",
              List.of("lm-eval/results_2025-01-25T04-48-43.622918_Llama-3.1-8B-Instruct.json"),
              false),
          new Model(
              "deepseek-r1-distill-llama-8b",
              "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
              List.of(
                  "lm-eval/results_2025-01-26T22-29-00.931915_DeepSeek-R1-Distill-Llama-8B.json"),
              false),
          new Model(
              "gpt-4.1",
              "openai/gpt-4.1 (through OpenRouter)",
              List.of(
                  "lighteval/results_2025-09-26T18-27-42.841353_gpt-4.1.json",
                  "lighteval/details_community_gpqa-diamond-idk_0_2025-09-26T18-27-42.841353.parquet"),
              false),
          new Model(
              "gpt-4o", "openai/gpt-4o", List.of("inspect-ai/mmlu-summary-choices.eval"), false),
          new Model(
              "gpt2",
              "openai/gpt2",
              List.of(
                  HELM + "run_spec.json",
                  HELM + "scenario.json",
                  HELM + "scenario_state.json",
                  HELM + "stats.json",
                  HELM + "per_instance_stats.json"),
              false),
          new Model(
              "qwen2.5-0.5b",
              "qwen2.5:0.5b (through Ollama)",
              List.of("inspect-ai/eee_data_arc_qwen.json"),
              false),
          new Model(
              "claude-sonnet-4-0",
              "anthropic/claude-sonnet-4-0",
              List.of("inspect-ai/eee_data_arc_sonnet.json"),
              false),
          new Model(
              "gpt-5.2",
              "openai/gpt-5.2 (through OpenRouter); its results wait in a pull request",
              List.of("lighteval/results_2025-12-12T15-11-59.471879_gpt-5.2.json"),
              true));

  /** The model whose imported results file the hub's key signs. */
  private static final String SIGNED = "gpt-4.1";

  private DemoHub() {}

  /** Creates the hub's signing key when there is none, before the server loads its trusted keys. */
  static void prepareKey(Path dataDir) {
    try (EvalHub hub = EvalHub.openAdministration(dataDir)) {
      hub.keys().ensureSigningKeyAsAdministrator();
    }
  }

  /** Seeds {@code hub} (a server's, so that the index follows). */
  static void seed(EvalHub hub) {
    if (hub.accounts().namespaceExists(ORG)) {
      return;
    }
    hub.accounts().createUserAsAdministrator(BOT);
    hub.accounts().createOrgAsAdministrator(ORG, List.of(BOT));
    for (Bench bench : BENCHMARKS) {
      benchmark(hub, bench);
    }
    Caller bot = new Caller(BOT, Role.WRITE);
    for (Model model : MODELS) {
      RepoId id = new RepoId(RepoType.MODEL, ORG, model.name());
      hub.repositories().createAsAdministrator(id, false);
      commit(
          hub,
          id,
          List.of(
              put(
                  "README.md",
                  "# "
                      + model.name()
                      + "\n\nResults of "
                      + model.about()
                      + ".\n\n"
                      + NOTE
                      + "\n")));
      ImportOutcome outcome =
          hub.imports()
              .importLogs(
                  bot,
                  id,
                  model.logs().stream().map(DemoHub::log).toList(),
                  new ImportRequest(null, null, null, model.pullRequest(), null),
                  ImportProgress.NONE);
      if (outcome.commitId() == null) {
        throw new IllegalStateException(
            "the demo logs of "
                + id
                + " did not import:\n"
                + outcome.preview().diagnostics().stream()
                    .map(LogDiagnostic::format)
                    .collect(Collectors.joining("\n")));
      }
      if (model.name().equals(SIGNED)) {
        sign(hub, id, outcome.preview().resultsPath());
      }
    }
  }

  private static Source lmEval(String task, String metric) {
    return new Source("lm-evaluation-harness", task, metric);
  }

  private static void benchmark(EvalHub hub, Bench bench) {
    RepoId id = new RepoId(RepoType.DATASET, ORG, bench.name());
    hub.repositories().createAsAdministrator(id, false);
    StringBuilder yaml =
        new StringBuilder("name: ")
            .append(bench.name())
            .append(" (demo)\ndescription: \"")
            .append(bench.description().replace("\"", "\\\""))
            .append("\"\nevaluation_framework: ")
            .append(bench.framework())
            .append("\ntasks:\n");
    bench.tasks().forEach(task -> yaml.append("  - id: ").append(task.id()).append('\n'));
    yaml.append("evalhub:\n  tasks:\n");
    for (Task task : bench.tasks()) {
      yaml.append("    ").append(task.id()).append(":\n      sources:\n");
      for (Source source : task.sources()) {
        yaml.append("        - framework: ")
            .append(source.framework())
            .append("\n          task: \"")
            .append(source.task())
            .append("\"\n          metric: \"")
            .append(source.metric())
            .append("\"\n");
      }
    }
    commit(
        hub,
        id,
        List.of(
            put("eval.yaml", yaml.toString()),
            put(
                "README.md",
                "# " + bench.name() + "\n\n" + bench.description() + "\n\n" + NOTE + "\n")));
  }

  /** A demo log from the jar, named by its path under {@code demo-logs/}. */
  private static LogSource log(String path) {
    try (InputStream in = DemoHub.class.getResourceAsStream("/demo-logs/" + path)) {
      if (in == null) {
        throw new IllegalStateException("the demo log " + path + " is missing from the jar");
      }
      return LogSource.of(path, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Signs the imported results file {@code path} of {@code id} with the hub's key, in a commit. */
  private static void sign(EvalHub hub, RepoId id, String path) {
    String text =
        hub.contents()
            .find(id, "main", Optional.empty())
            .flatMap(main -> hub.contents().file(main, path, Optional.empty()))
            .map(file -> new String(file.content(), StandardCharsets.UTF_8))
            .orElseThrow(() -> new IllegalStateException("no " + path + " in " + id));
    String signed =
        hub.keys()
            .sign(hub.keys().signingKey(), text, id.fullName())
            .value()
            .orElseThrow(() -> new IllegalStateException("the demo results file does not sign"));
    commit(hub, id, List.of(put(path, signed)));
  }

  private static FileChange put(String path, String content) {
    return FileChange.put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void commit(EvalHub hub, RepoId id, List<FileChange> changes) {
    CommitResult result =
        hub.commits()
            .commitAsAdministrator(
                id,
                new CommitRequest(
                    RefName.branch("main"),
                    Optional.empty(),
                    changes,
                    "demo data",
                    new AccountName(BOT)));
    if (!result.isCommitted()) {
      throw new IllegalStateException("demo commit to " + id + " refused: " + result);
    }
  }
}
