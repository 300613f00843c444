package dev.evalhub.importers.lmeval;

import static dev.evalhub.importers.lmeval.LmEvalSamples.DEEPSEEK;
import static dev.evalhub.importers.lmeval.LmEvalSamples.LEGACY;
import static dev.evalhub.importers.lmeval.LmEvalSamples.LLAMA;
import static dev.evalhub.importers.lmeval.LmEvalSamples.MATH;
import static dev.evalhub.importers.lmeval.LmEvalSamples.MATH_SAMPLES;
import static dev.evalhub.importers.lmeval.LmEvalSamples.TINY;
import static dev.evalhub.importers.lmeval.LmEvalSamples.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.importers.LogDiagnostic;
import dev.evalhub.importers.LogResult;
import dev.evalhub.importers.ReadLogs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact entries read from every real lm-eval sample log. */
class LmEvalGoldenTest {

  private static final String TINY_DATE = "2026-11-27T16:36:31Z";
  private static final String TINY_MODEL = "/home/user/lmgen/tiny-gpt2-random";
  private static final String CHAT_TEMPLATE_SHA =
      "5875dc31f4b023c58d43ff8ded039eaf555533b0c7b47d8e333d7518721dfff6";

  private static Map<String, Object> tinyMethodology(Object... taskKeys) {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("framework", "lm-evaluation-harness");
    expected.put("framework_version", "0.4.13");
    for (int i = 0; i < taskKeys.length; i += 2) {
      expected.put((String) taskKeys[i], taskKeys[i + 1]);
    }
    expected.putIfAbsent("chat_template", CHAT_TEMPLATE_SHA);
    expected.put("precision", "float32");
    expected.put("inference_engine", "hf");
    expected.put("seed", 0L);
    expected.put("fewshot_as_multiturn", true);
    return expected;
  }

  @Test
  void aLetterChoiceTaskIsScoredAsLoglikelihoodLetter() {
    LogResult acc = result(LmEvalSamples.tiny(), TINY, "tiny_mc_letter", "acc,none");

    assertThat(acc.framework()).isEqualTo("lm-evaluation-harness");
    assertThat(acc.value()).isEqualTo(0.625);
    assertThat(acc.stderr()).isEqualTo(0.18298126367784995);
    assertThat(acc.numSamples()).isEqualTo(8L);
    assertThat(acc.date()).isEqualTo(TINY_DATE);
    assertThat(acc.model()).isEqualTo(TINY_MODEL);
    assertThat(acc.methodology().fields())
        .isEqualTo(
            tinyMethodology(
                "task_version", "1.0",
                "num_fewshot", 2L,
                "scoring", "loglikelihood_letter",
                "prompt_sha256", "b2834babac5df03651a217e5c4e28f4ff21eb393f86182276d768d0b22808649",
                "filter", "none",
                "task_hash", "9b3305c47091e4cbf83b52f5a171d5e92416cece87f39b52097c0356b89da946"));
    assertThat(acc.details().path())
        .isEqualTo(".eval_results/details/samples_tiny_mc_letter_2026-11-27T16-36-41.214631.jsonl");
    assertThat(acc.details().sha256())
        .isEqualTo("463472227f8ad9579b92b3961a71b48d6b7440364d286e56a6b86a1dddf69b63");
    assertThat(acc.details().size()).isEqualTo(18419L);
    assertThat(acc.details().format()).isEqualTo("lm-eval-samples");
  }

  @Test
  void accNormOnLetterChoicesIsStillLetterScoring() {
    LogResult accNorm = result(LmEvalSamples.tiny(), TINY, "tiny_mc_letter", "acc_norm,none");

    assertThat(accNorm.value()).isEqualTo(0.625);
    assertThat(accNorm.stderr()).isEqualTo(0.18298126367784995);
    assertThat(accNorm.methodology().scoring()).isEqualTo("loglikelihood_letter");
  }

  @Test
  void answerTextChoicesAreLoglikelihoodAnswerAndTheirAccNormIsAnswerNorm() {
    ReadLogs read = LmEvalSamples.tiny();
    LogResult acc = result(read, TINY, "tiny_mc_cloze", "acc,none");
    LogResult accNorm = result(read, TINY, "tiny_mc_cloze", "acc_norm,none");

    assertThat(acc.value()).isEqualTo(0.25);
    assertThat(acc.stderr()).isEqualTo(0.16366341767699427);
    assertThat(acc.numSamples()).isEqualTo(8L);
    assertThat(acc.methodology().fields())
        .isEqualTo(
            tinyMethodology(
                "task_version", "1.0",
                "num_fewshot", 0L,
                "scoring", "loglikelihood_answer",
                "prompt_sha256", "8bba87403a42f57520e00e1eb0b0895cf1478ea355bc6dadd04da9c143711406",
                "filter", "none",
                "task_hash", "8eb58d4877b38c41d762e8680f76e230adc1c32fd239d2dfac1fd217f2fbdc39"));
    assertThat(acc.details().sha256())
        .isEqualTo("0ca40d0de85dcc3545dc9d3f6d42cd426f3d44fc92eacc7870f2c59451048b11");
    assertThat(accNorm.value()).isEqualTo(0.125);
    assertThat(accNorm.stderr()).isEqualTo(0.125);
    assertThat(accNorm.methodology().scoring()).isEqualTo("loglikelihood_answer_norm");
  }

  @Test
  void letterAndClozeRunsOfTheSameChatTemplateFallInDifferentMethodologyGroups() {
    ReadLogs read = LmEvalSamples.tiny();
    LogResult letter = result(read, TINY, "tiny_mc_letter", "acc,none");
    LogResult cloze = result(read, TINY, "tiny_mc_cloze", "acc,none");

    assertThat(group(letter)).isNotEqualTo(group(cloze));
    assertThat(letter.methodology().scoring()).isNotEqualTo(cloze.methodology().scoring());
    assertThat(letter.methodology().string("chat_template"))
        .isEqualTo(cloze.methodology().string("chat_template"));
  }

  private static List<Object> group(LogResult result) {
    Map<String, Object> m = result.methodology().fields();
    return java.util.Arrays.asList(
        m.get("framework"),
        m.get("scoring"),
        m.get("num_fewshot"),
        m.get("prompt_sha256"),
        m.get("chat_template"));
  }

  @Test
  void aGenerationTaskWithARegexFilterIsGenerateAnswerWithItsSettings() {
    LogResult exact = result(LmEvalSamples.tiny(), TINY, "tiny_gen", "exact_match,strict-match");

    assertThat(exact.value()).isEqualTo(0.0);
    assertThat(exact.stderr()).isEqualTo(0.0);
    assertThat(exact.numSamples()).isEqualTo(8L);
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("stop", List.of("\n"));
    generation.put("do_sample", false);
    generation.put("temperature", 0.0);
    generation.put("max_tokens", 8L);
    assertThat(exact.methodology().fields())
        .isEqualTo(
            tinyMethodology(
                "task_version", "1.0",
                "num_fewshot", 0L,
                "scoring", "generate_answer",
                "prompt_sha256", "b011a7696e50a47b966cb06c9aa50f61dae5769b3c760ee1eb7b647bd727a9ce",
                "chat_template", CHAT_TEMPLATE_SHA,
                "generation", generation,
                "filter", "strict-match",
                "task_hash", "97ffce2f34f2b3e4156ba32247a1eaa4c87ad2cebffd79b90633eab9ca8186ec"));
    assertThat(exact.details().sha256())
        .isEqualTo("98f898c729142ec7975ae66642d38fce4e69946ee9a1fc7eff479bea8ba88e83");
  }

  @Test
  void aGroupRowCountsItsSamplesAndMixedSubtaskScoringIsOther() {
    ReadLogs read = LmEvalSamples.tiny();
    LogResult suite = result(read, TINY, "tiny_suite", "acc,none");

    assertThat(suite.value()).isEqualTo(0.4375);
    assertThat(suite.stderr()).isEqualTo(0.1227475632577457);
    assertThat(suite.numSamples()).isEqualTo(16L);
    assertThat(suite.details()).isNull();
    assertThat(suite.methodology().fields())
        .isEqualTo(
            tinyMethodology(
                "task_version", "1",
                "scoring", "other",
                "prompt_sha256", "214ac7fe934afde37272df7ce93993414fd96a0dccd360e8f3a24bcb6873dc01",
                "filter", "none"));
    assertThat(read.results()).hasSize(6);
    assertThat(read.diagnostics()).isEmpty();
  }

  @Test
  void theMathRunJoinsItsSamplesAndWarnsThatTheRowsAreFewerThanNSamples() {
    ReadLogs read = LmEvalSamples.read(MATH, MATH_SAMPLES);
    LogResult perturbed = result(read, MATH, "math_perturbed_full", "exact_match,none");
    LogResult rephrased = result(read, MATH, "math_rephrased_full", "exact_match,none");

    assertThat(perturbed.value()).isEqualTo(0.0);
    assertThat(perturbed.stderr()).isEqualTo(0.0);
    assertThat(perturbed.numSamples()).isEqualTo(5000L);
    assertThat(perturbed.date()).isEqualTo("2026-01-21T02:59:43Z");
    assertThat(perturbed.model())
        .isEqualTo("RylanSchaeffer/mem_Qwen3-93M_minerva_math_rep_0_sbst_1.0000_epch_1_ot_1");
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("stop", List.of("Problem:", "\n\n"));
    generation.put("do_sample", false);
    generation.put("temperature", 0.0);
    generation.put("max_tokens", 512L);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("framework", "lm-evaluation-harness");
    expected.put("framework_version", "0.4.9.2");
    expected.put("task_version", "1.0");
    expected.put("num_fewshot", 0L);
    expected.put("scoring", "generate_answer");
    expected.put(
        "prompt_sha256", "21cff01dcd74d63c8204ce3e473d5f123fcf0d1fbc7d6d245c13ac964e132544");
    expected.put("chat_template", "none");
    expected.put("generation", generation);
    expected.put("model_revision", "82047f5e5d5245c1b3a4cd75ad98aa441d6487cd");
    expected.put("precision", "bfloat16");
    expected.put("inference_engine", "hf");
    expected.put("seed", 0L);
    expected.put("filter", "none");
    expected.put("task_hash", "41e40c718b7d0f2fa48da707d5aca08f7df5c0740036040983f714eb0d08977c");
    assertThat(perturbed.methodology().fields()).isEqualTo(expected);
    assertThat(perturbed.details().sha256())
        .isEqualTo("ae24f73016c9a1fd7384902ac6d3d5b8f11c795c41d16f7695e57e09cea7102a");
    assertThat(perturbed.details().size()).isEqualTo(37333L);
    assertThat(rephrased.value()).isEqualTo(0.0004);
    assertThat(rephrased.stderr()).isEqualTo(0.0002828144211304471);
    assertThat(rephrased.details()).isNull();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            MATH_SAMPLES
                + ": warning: 10 rows have filter \"none\" but "
                + MATH
                + " gives 5000 samples for math_perturbed_full"
                + " (n-samples/math_perturbed_full/effective)");
  }

  @Test
  void leaderboardRunsOfTwoModelsShareEachTasksPromptHashAndTasksDiffer() {
    ReadLogs read = LmEvalSamples.read(LLAMA, DEEPSEEK);
    Map<String, Set<String>> hashesPerTask =
        read.results().stream()
            .collect(
                Collectors.groupingBy(
                    LogResult::task,
                    Collectors.mapping(
                        r -> r.methodology().string("prompt_sha256"), Collectors.toSet())));

    assertThat(hashesPerTask).hasSize(40);
    assertThat(hashesPerTask.values()).allSatisfy(hashes -> assertThat(hashes).hasSize(1));
    assertThat(hashesPerTask.values().stream().map(h -> h.iterator().next()).distinct())
        .hasSize(40);
    assertThat(
            result(read, LLAMA, "leaderboard_musr_team_allocation", "acc_norm,none")
                .methodology()
                .string("prompt_sha256"))
        .isEqualTo(
            result(read, DEEPSEEK, "leaderboard_musr_team_allocation", "acc_norm,none")
                .methodology()
                .string("prompt_sha256"));
    assertThat(read.results()).hasSize(88);
    assertThat(read.diagnostics()).isEmpty();
  }

  @Test
  void naStderrsAreNoStderrNotAnError() {
    ReadLogs read = LmEvalSamples.read(LLAMA);
    LogResult inst = result(read, LLAMA, "leaderboard_ifeval", "inst_level_strict_acc,none");
    LogResult prompt = result(read, LLAMA, "leaderboard_ifeval", "prompt_level_strict_acc,none");

    assertThat(inst.value()).isEqualTo(0.5587529976019184);
    assertThat(inst.stderr()).isNull();
    assertThat(inst.numSamples()).isEqualTo(541L);
    assertThat(prompt.stderr()).isEqualTo(0.021123012121053563);
    assertThat(read.hasErrors()).isFalse();
  }

  @Test
  void placeholderGroupRowsGiveNoResult() {
    ReadLogs read = LmEvalSamples.read(LLAMA);

    assertThat(read.results())
        .extracting(LogResult::task)
        .doesNotContain(
            "leaderboard_bbh", "leaderboard_gpqa", "leaderboard_math_hard", "leaderboard_musr");
  }

  @Test
  void theLlamaLeaderboardRunReadsItsKeyMethodology() {
    ReadLogs read = LmEvalSamples.read(LLAMA);
    LogResult gpqa = result(read, LLAMA, "leaderboard_gpqa_diamond", "acc_norm,none");
    LogResult navigate = result(read, LLAMA, "leaderboard_bbh_navigate", "acc_norm,none");
    LogResult mmluPro = result(read, LLAMA, "leaderboard_mmlu_pro", "acc,none");
    LogResult hellaswag = result(read, LLAMA, "hellaswag", "acc_norm,none");

    assertThat(gpqa.value()).isEqualTo(0.3181818181818182);
    assertThat(gpqa.stderr()).isEqualTo(0.033184773338453315);
    assertThat(gpqa.numSamples()).isEqualTo(198L);
    assertThat(gpqa.date()).isEqualTo("2025-01-25T05:46:20Z");
    assertThat(gpqa.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(gpqa.methodology().fields())
        .containsEntry("framework_version", "0230356")
        .containsEntry("task_version", "1.0")
        .containsEntry("num_fewshot", 0L)
        .containsEntry("scoring", "loglikelihood_letter")
        .containsEntry("chat_template", "none")
        .containsEntry("model_revision", "0e9e39f249a16976918f6564b8830bc894c89659")
        .containsEntry("precision", "float16")
        .containsEntry("inference_engine", "hf")
        .containsEntry("seed", 0L)
        .doesNotContainKey("generation");
    assertThat(navigate.methodology().scoring()).isEqualTo("loglikelihood_answer_norm");
    assertThat(navigate.methodology().numFewshot()).isEqualTo(3L);
    assertThat(mmluPro.value()).isEqualTo(0.38081781914893614);
    assertThat(mmluPro.numSamples()).isEqualTo(12032L);
    assertThat(mmluPro.methodology().string("task_version")).isEqualTo("0.1");
    assertThat(mmluPro.methodology().fields()).doesNotContainKey("scoring");
    assertThat(hellaswag.value()).isEqualTo(0.7929695279824737);
    assertThat(hellaswag.numSamples()).isEqualTo(10042L);
    assertThat(hellaswag.methodology().fields()).doesNotContainKey("scoring");
  }

  @Test
  void commandLineGenKwargsOverrideTheTasksGenerationSettings() {
    ReadLogs read = LmEvalSamples.read(LLAMA, DEEPSEEK);
    LogResult llama = result(read, LLAMA, "leaderboard_math_algebra_hard", "exact_match,none");
    LogResult deepseek =
        result(read, DEEPSEEK, "leaderboard_math_algebra_hard", "exact_match,none");

    assertThat(llama.value()).isEqualTo(0.31596091205211724);
    assertThat(deepseek.value()).isEqualTo(0.4820846905537459);
    assertThat(deepseek.stderr()).isEqualTo(0.028564743665538527);
    assertThat(deepseek.numSamples()).isEqualTo(307L);
    assertThat(deepseek.date()).isEqualTo("2025-01-26T22:15:11Z");
    assertThat(llama.methodology().fields().get("generation"))
        .isEqualTo(
            Map.of(
                "stop",
                List.of("Problem:"),
                "do_sample",
                false,
                "temperature",
                0.0,
                "max_tokens",
                1024L));
    assertThat(deepseek.methodology().fields().get("generation"))
        .isEqualTo(
            Map.of(
                "stop",
                List.of("Problem:"),
                "do_sample",
                true,
                "temperature",
                0.6,
                "max_tokens",
                1024L,
                "top_p",
                0.95));
    assertThat(deepseek.methodology().fields())
        .containsEntry("scoring", "generate_answer")
        .containsEntry("num_fewshot", 4L)
        .containsEntry("model_revision", "24ae87a9c340aa4207dd46509414c019998e0161")
        .containsEntry("framework_version", "5c006ed");
  }

  @Test
  void theLegacyShapeGivesWhatItStates() {
    ReadLogs read = LmEvalSamples.read(LEGACY);
    LogResult acc = result(read, LEGACY, "arc_challenge", "acc");
    LogResult accNorm = result(read, LEGACY, "arc_challenge", "acc_norm");

    assertThat(read.results()).hasSize(2);
    assertThat(read.diagnostics()).isEmpty();
    assertThat(acc.value()).isEqualTo(0.26621160409556316);
    assertThat(acc.stderr()).isEqualTo(0.01291577478152323);
    assertThat(acc.numSamples()).isNull();
    assertThat(acc.date()).isNull();
    assertThat(acc.model()).isNull();
    assertThat(acc.details()).isNull();
    assertThat(acc.methodology().fields())
        .isEqualTo(Map.of("framework", "lm-evaluation-harness", "task_version", "2.0"));
    assertThat(accNorm.value()).isEqualTo(0.28242320819112626);
    assertThat(accNorm.stderr()).isEqualTo(0.01315545688409722);
  }

  @Test
  void aSamplesFileWithoutItsResultsFileIsAWarningAndIgnored() {
    ReadLogs read = LmEvalSamples.read(MATH_SAMPLES);

    assertThat(read.results()).isEmpty();
    assertThat(read.diagnostics())
        .extracting(LogDiagnostic::format)
        .containsExactly(
            MATH_SAMPLES
                + ": warning: no results file of this run (same folder and date id) was given;"
                + " ignored");
  }

  @Test
  void withoutItsSamplesAResultHasNoDetailsAndATemplatedChoiceListNoScoring() {
    ReadLogs read = LmEvalSamples.read(TINY);

    assertThat(read.results()).hasSize(6).allSatisfy(r -> assertThat(r.details()).isNull());
    assertThat(read.diagnostics()).isEmpty();
    // doc_to_choice "{{choices}}" says nothing until rendered; the samples' continuations would
    assertThat(result(read, TINY, "tiny_mc_cloze", "acc,none").methodology().fields())
        .doesNotContainKey("scoring");
    assertThat(result(read, TINY, "tiny_suite", "acc,none").methodology().fields())
        .doesNotContainKey("scoring");
    assertThat(result(read, TINY, "tiny_mc_letter", "acc,none").methodology().scoring())
        .isEqualTo("loglikelihood_letter");
  }
}
