package dev.evalhub.index.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.leaderboard.MethodologyGroup.Role;
import dev.evalhub.formats.model.Methodology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methodology group of a result (hub-api.md, Leaderboards rule 3): its {@code framework},
 * {@code scoring}, {@code num_fewshot}, {@code prompt_sha256}, {@code chat_template} and {@code
 * task_version}, a missing value counting as {@code unspecified}; a result with no methodology
 * block at all is in the group {@link #NONE}. Encoded as {@code key=value} pairs joined by {@code
 * ;} for storage. Decoded against a task's reference methodology into the domain's group, with its
 * role and a label of how it differs from the reference. Stateless.
 */
public final class MethodologyGroup {

  public static final String UNSPECIFIED = "unspecified";

  /** The key of the results that state no methodology at all. */
  public static final String NONE = "methodology=none";

  private static final List<String> KEYS =
      List.of(
          "framework", "scoring", "num_fewshot", "prompt_sha256", "chat_template", "task_version");

  private static final Map<String, String> SCORING_LABELS =
      Map.of(
          "loglikelihood_letter", "letter log-likelihood",
          "loglikelihood_answer", "full-answer log-likelihood",
          "loglikelihood_answer_norm", "normalised full-answer log-likelihood",
          "generate_letter", "generated letter",
          "generate_answer", "generated answer",
          "generate_cot", "chain-of-thought generation",
          "model_judge", "model judge",
          "other", "other scoring");

  private static final ObjectMapper JSON = new ObjectMapper();

  private MethodologyGroup() {}

  public static String keyOf(Methodology methodology) {
    if (methodology == null) {
      return NONE;
    }
    StringBuilder key = new StringBuilder();
    for (String name : KEYS) {
      key.append(key.length() == 0 ? "" : ";")
          .append(name)
          .append('=')
          .append(text(methodology, name).replace(";", "%3B"));
    }
    return key.toString();
  }

  /** The group key back as the domain's group, with no reference: labelled by its values. */
  public static dev.evalhub.domain.leaderboard.MethodologyGroup decode(String key) {
    return decode(key, null);
  }

  /**
   * The group key back as the domain's group: the reference when it matches every key {@code
   * reference} (may be null) declares, labelled by how it differs from it.
   */
  public static dev.evalhub.domain.leaderboard.MethodologyGroup decode(
      String key, Methodology reference) {
    Map<String, String> group = new LinkedHashMap<>();
    if (key.equals(NONE)) {
      KEYS.forEach(name -> group.put(name, UNSPECIFIED));
      return new dev.evalhub.domain.leaderboard.MethodologyGroup(
          group, Role.NONE, "no methodology stated");
    }
    for (String pair : key.split(";")) {
      int equals = pair.indexOf('=');
      group.put(pair.substring(0, equals), pair.substring(equals + 1).replace("%3B", ";"));
    }
    // Keys added later (an index not yet read again) count as unspecified.
    KEYS.forEach(name -> group.putIfAbsent(name, UNSPECIFIED));
    boolean isReference = reference != null && matches(group, reference);
    List<String> parts = new ArrayList<>();
    for (String name : KEYS) {
      String value = group.get(name);
      boolean declared = reference != null && reference.fields().containsKey(name);
      if (declared && value.equals(text(reference, name)) && !isReference) {
        continue; // the same as the reference: not what sets this group apart
      }
      if (!value.equals(UNSPECIFIED)) {
        parts.add(describe(name, value));
      } else if (declared) {
        parts.add(name + " unspecified");
      }
    }
    String label = parts.isEmpty() ? "methodology unspecified" : String.join(", ", parts);
    return new dev.evalhub.domain.leaderboard.MethodologyGroup(
        group,
        isReference ? Role.REFERENCE : Role.STATED,
        isReference ? "reference: " + label : label);
  }

  /** A methodology block as stored JSON. */
  public static String json(Methodology methodology) {
    try {
      return JSON.writeValueAsString(methodology.fields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a methodology is a plain tree", e);
    }
  }

  /** A methodology block from stored JSON. */
  @SuppressWarnings("unchecked")
  public static Methodology fromJson(String json) {
    try {
      return new Methodology(JSON.readValue(json, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the index stores only JSON it wrote", e);
    }
  }

  private static boolean matches(Map<String, String> group, Methodology reference) {
    return KEYS.stream()
        .filter(name -> reference.fields().containsKey(name))
        .allMatch(name -> group.get(name).equals(text(reference, name)));
  }

  private static String text(Methodology methodology, String name) {
    Object value = methodology.fields().get(name);
    return value == null
        ? UNSPECIFIED
        : value instanceof Number n ? Long.toString(n.longValue()) : value.toString();
  }

  private static String describe(String name, String value) {
    return switch (name) {
      case "num_fewshot" -> value + "-shot";
      case "scoring" -> SCORING_LABELS.getOrDefault(value, "scoring " + value);
      case "framework" -> value;
      case "task_version" -> "task version " + value;
      case "prompt_sha256" -> "prompt " + value.substring(0, Math.min(12, value.length()));
      case "chat_template" ->
          switch (value) {
            case "none" -> "no chat template";
            case "applied" -> "chat template applied";
            default -> "chat template " + value.substring(0, Math.min(12, value.length()));
          };
      default -> name + " " + value;
    };
  }
}
