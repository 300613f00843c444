package dev.evalhub.importers.lighteval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code scoring} of one lighteval metric, from what the log records: the metric's {@code
 * category} in {@code config_tasks} (or the details' {@code doc.sampling_methods}), its {@code
 * sample_level_fn}, its name, and the details' {@code doc.choices}. The table is in {@code
 * docs/importing/lighteval.md}.
 */
final class Scoring {

  /** What the model was asked to do, from a category or a sampling method. */
  enum Kind {
    GENERATIVE,
    LOGPROBS,
    JUDGE,
    OTHER;

    /** The kind a category or sampling method names, or null for an unknown one (e.g. "3"). */
    static Kind of(String category) {
      if (category == null) {
        return null;
      }
      String name = category.substring(category.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
      if (name.startsWith("LLM_AS_JUDGE")) {
        return JUDGE;
      }
      if (name.startsWith("GENERATIVE")) {
        return GENERATIVE;
      }
      if (name.equals("LOGPROBS") || name.startsWith("MULTICHOICE")) {
        return LOGPROBS;
      }
      if (name.endsWith("PERPLEXITY") || name.equals("IGNORED")) {
        return OTHER;
      }
      return null;
    }
  }

  /** A generative metric whose prediction is extracted as a choice letter. */
  private static final Pattern LETTER_EXTRACTION =
      Pattern.compile(
          "pred_extraction_target=\\[[^\\]]*IndicesExtractionConfig\\(prefix_for_extraction="
              + "'(?:Native)?Letters'");

  private static final Pattern NORMALISED_NAME = Pattern.compile("(?:^|_)norm(?:_|$)");

  private Scoring() {}

  /**
   * The scoring id, or null when the log does not say enough.
   *
   * @param kind the metric's kind (from its category or the details' sampling methods), or null
   * @param metric the metric key of {@code results}
   * @param spec the metric's entry of {@code config_tasks[t].metrics}, or a missing node
   * @param letterChoices whether every details {@code doc.choices} is one capital letter, or null
   */
  static String of(Kind kind, String metric, JsonNode spec, Boolean letterChoices) {
    String function = spec.path("sample_level_fn").asText("");
    if (kind == Kind.JUDGE || function.contains("JudgeLLM")) {
      return "model_judge";
    }
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case GENERATIVE ->
          Boolean.TRUE.equals(letterChoices) || LETTER_EXTRACTION.matcher(function).find()
              ? "generate_letter"
              : "generate_answer";
      case LOGPROBS -> logprobs(metric, function, letterChoices);
      case JUDGE -> "model_judge";
      case OTHER -> "other";
    };
  }

  private static String logprobs(String metric, String function, Boolean letterChoices) {
    if (Boolean.TRUE.equals(letterChoices)) {
      return "loglikelihood_letter";
    }
    boolean normalised =
        NORMALISED_NAME.matcher(metric.toLowerCase(Locale.ROOT)).find()
            || function.contains("logprob_normalization=LogProb");
    if (normalised) {
      return "loglikelihood_answer_norm";
    }
    return Boolean.FALSE.equals(letterChoices) ? "loglikelihood_answer" : null;
  }
}
