package dev.evalhub.importers.lmeval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code scoring} of an lm-eval metric from what the log records: the task's {@code
 * output_type}, whether its choices are letters or answer texts (the samples' scored continuations
 * win over {@code doc_to_choice}), and the metric. The table is in {@code
 * docs/importing/lm-evaluation-harness.md}. Stateless.
 */
final class Scoring {

  /** What the log says about a multiple-choice task's choices. */
  enum Choices {
    LETTERS,
    ANSWERS,
    UNKNOWN
  }

  /** Metrics that rank the choices by raw log-likelihood (argmax). */
  private static final Set<String> RAW = Set.of("acc", "f1", "mcc");

  /** Metrics that rank the choices by length-normalised log-likelihood. */
  private static final Set<String> NORMALISED = Set.of("acc_norm", "acc_bytes");

  /** A Jinja template that is only a list literal: {@code {{['A', 'B', 'C', 'D']}}}. */
  private static final Pattern JINJA_LIST =
      Pattern.compile("\\{\\{\\s*\\[(.*)]\\s*}}", Pattern.DOTALL);

  private static final Pattern QUOTED = Pattern.compile("\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*");

  private Scoring() {}

  /** The scoring of {@code metric} of a task, or null when the log does not say. */
  static String of(String outputType, Choices choices, String metric) {
    if (outputType == null) {
      return null;
    }
    return switch (outputType) {
      case "generate_until" -> "generate_answer";
      case "loglikelihood", "loglikelihood_rolling" -> "other";
      case "multiple_choice" -> multipleChoice(choices, metric);
      default -> "other";
    };
  }

  private static String multipleChoice(Choices choices, String metric) {
    boolean ranked = RAW.contains(metric) || NORMALISED.contains(metric);
    return switch (choices) {
      case UNKNOWN -> null;
      case LETTERS -> ranked ? "loglikelihood_letter" : "other";
      case ANSWERS ->
          RAW.contains(metric)
              ? "loglikelihood_answer"
              : NORMALISED.contains(metric) ? "loglikelihood_answer_norm" : "other";
    };
  }

  /**
   * What a {@code doc_to_choice} value says: a list (or a Jinja template that is only a list
   * literal) of letter labels or of answer texts; a column name, another template or Python source
   * say nothing until evaluated ({@link Choices#UNKNOWN}).
   */
  static Choices fromDocToChoice(JsonNode docToChoice) {
    if (docToChoice == null) {
      return Choices.UNKNOWN;
    }
    List<String> choices = new ArrayList<>();
    if (docToChoice.isArray()) {
      docToChoice.forEach(item -> choices.add(item.isTextual() ? item.textValue() : item.asText()));
    } else if (docToChoice.isTextual()) {
      Matcher list = JINJA_LIST.matcher(docToChoice.textValue().strip());
      if (!list.matches()) {
        return Choices.UNKNOWN;
      }
      for (String item : list.group(1).split(",", -1)) {
        Matcher quoted = QUOTED.matcher(item);
        if (!quoted.matches()) {
          return Choices.UNKNOWN;
        }
        choices.add(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
      }
    } else {
      return Choices.UNKNOWN;
    }
    if (choices.isEmpty()) {
      return Choices.UNKNOWN;
    }
    return ChoiceLabels.areLetters(choices) ? Choices.LETTERS : Choices.ANSWERS;
  }

  /** The choices the samples showed, else those {@code doc_to_choice} shows. */
  static Choices decide(SamplesScan.Choices fromSamples, Choices fromConfig) {
    if (fromSamples == null) {
      return fromConfig;
    }
    return switch (fromSamples) {
      case LETTERS -> Choices.LETTERS;
      case ANSWERS -> Choices.ANSWERS;
      case NONE -> fromConfig;
    };
  }
}
