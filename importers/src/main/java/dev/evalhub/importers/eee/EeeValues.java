package dev.evalhub.importers.eee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the EEE reader and export share: the framework names of both worlds, the evalhub keys a
 * record carries, timestamps, and plain JSON values (the methodology's strings, {@code Long}
 * integers, finite {@code Double}s, lists and maps) to and from JSON text. Stateless.
 */
final class EeeValues {

  /** The prefix of the keys that carry evalhub's methodology, one key per methodology key. */
  static final String METHODOLOGY_PREFIX = "evalhub.methodology.";

  /** The prefix of the keys that carry an evalhub result's details reference. */
  static final String DETAILS_PREFIX = "evalhub.details.";

  private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

  /**
   * Strict JSON (no NaN), duplicate keys refused, integers as long, decimals as double, for the
   * methodology's JSON text.
   */
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private EeeValues() {}

  /**
   * The evalhub framework id of an EEE {@code eval_library.name}, or empty when the record names
   * none ({@code unknown}, blank).
   */
  static Optional<String> frameworkId(String libraryName) {
    if (libraryName == null || libraryName.isBlank()) {
      return Optional.empty();
    }
    String name = libraryName.trim();
    return Optional.of(
            switch (name.toLowerCase(Locale.ROOT)) {
              case "unknown" -> "";
              case "lm_eval", "lm-eval", "lm-evaluation-harness", "lm_evaluation_harness" ->
                  "lm-evaluation-harness";
              case "inspect_ai", "inspect-ai", "inspect" -> "inspect-ai";
              case "helm", "crfm-helm", "crfm_helm" -> "helm";
              case "lighteval" -> "lighteval";
              default -> name;
            })
        .filter(id -> !id.isEmpty());
  }

  /** The EEE {@code eval_library.name} of an evalhub framework id (the converters' spelling). */
  static String libraryName(String framework) {
    if (framework == null || framework.isBlank()) {
      return "unknown";
    }
    return switch (framework) {
      case "lm-evaluation-harness" -> "lm_eval";
      case "inspect-ai" -> "inspect_ai";
      default -> framework;
    };
  }

  /**
   * The framework version an {@code eval_library.version} states, or empty ({@code unknown},
   * blank). The Inspect converter writes every package as {@code name:version,...}: then the
   * library's own package's version, else the text as written.
   */
  static Optional<String> frameworkVersion(String version, String libraryName) {
    if (version == null || version.isBlank() || version.trim().equalsIgnoreCase("unknown")) {
      return Optional.empty();
    }
    String text = version.trim();
    if (text.contains(":") && libraryName != null) {
      for (String part : text.split(",")) {
        int colon = part.indexOf(':');
        if (colon > 0 && part.substring(0, colon).trim().equals(libraryName.trim())) {
          String own = part.substring(colon + 1).trim();
          if (!own.isEmpty()) {
            return Optional.of(own);
          }
        }
      }
    }
    return Optional.of(text);
  }

  /**
   * A timestamp as an ISO-8601 UTC date-time ({@code 2025-06-15T15:06:40Z}): Unix epoch seconds
   * (with an optional fraction), an ISO-8601 date-time with an offset, one without (taken as UTC),
   * or a date (midnight UTC). Empty when the text is none of these.
   */
  static Optional<String> isoDate(String text) {
    return instant(text).map(DateTimeFormatter.ISO_INSTANT::format);
  }

  static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    if (EPOCH.matcher(trimmed).matches()) {
      BigDecimal seconds = new BigDecimal(trimmed);
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    }
    try {
      return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
    } catch (DateTimeParseException notWithOffset) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    try {
      return Optional.of(LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  /** Unix epoch seconds as EEE writes timestamps: {@code 1750000000} or {@code 1770682486.6237}. */
  static String epoch(Instant instant) {
    if (instant.getNano() == 0) {
      return Long.toString(instant.getEpochSecond());
    }
    return BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The text of a string node, or null for anything else (missing, a number, ...). */
  static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /**
   * A JSON node as a plain value: strings, booleans, {@code Long} (or {@code BigInteger}) integers,
   * {@code Double} decimals, lists, maps in document order, null.
   */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
    return map;
  }

  /** A plain value as JSON text ({@code 5}, {@code "bfloat16"}, {@code {"temperature":0.0}}). */
  static String jsonText(Object value) {
    try {
      return STRICT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a plain JSON value: " + value, e);
    }
  }

  /**
   * Parses JSON text back into a plain value; a failure (not JSON, NaN, trailing text) is the
   * parser's message.
   */
  static Parsed parseJsonText(String text) {
    try {
      JsonNode node = STRICT.readTree(text);
      if (node == null || node.isMissingNode()) {
        return new Parsed(null, "empty text");
      }
      if (containsNonFinite(node)) {
        return new Parsed(null, "a number that is not finite");
      }
      return new Parsed(plain(node), null);
    } catch (JsonProcessingException e) {
      return new Parsed(null, e.getOriginalMessage());
    }
  }

  /** The outcome of {@link #parseJsonText}: a value, or (value null) the problem. */
  record Parsed(Object value, String problem) {}

  private static boolean containsNonFinite(JsonNode node) {
    if (node.isNumber() && !node.isIntegralNumber()) {
      return !Double.isFinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (containsNonFinite(child)) {
        return true;
      }
    }
    return false;
  }

  static String sha256Hex(String text) {
    return hex("SHA-256", text.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + algorithm, e);
    }
  }

  /**
   * A name safe as a file name under {@code .eval_results/details/}: letters, digits, {@code .},
   * {@code _} and {@code -} kept, anything else {@code _}; never starting with a dot.
   */
  static String safeFileName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.startsWith(".")) {
      safe = "_" + safe;
    }
    return safe.length() > 200 ? safe.substring(safe.length() - 200) : safe;
  }
}
