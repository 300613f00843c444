package dev.evalhub.formats.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Serializes plain JSON-like trees (maps, lists, strings, numbers, booleans, null) in the RFC 8785
 * canonical form, so that equal values always yield identical bytes and hashes; stateless and
 * thread-safe.
 */
public final class CanonicalJson {

  /** A double holds no more significant decimal digits than this that matter for a round trip. */
  private static final int MAX_DIGITS = 17;

  /**
   * Below 2^53 every integral double is an exact long whose plain digits are already the shortest
   * form.
   */
  private static final double EXACT_INTEGER_LIMIT = 0x1p53;

  private CanonicalJson() {}

  /**
   * Returns the RFC 8785 canonical JSON text of {@code value}.
   *
   * @throws IllegalArgumentException for non-finite numbers, lone surrogates, non-String map keys
   *     or unsupported types
   */
  public static String canonicalize(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(value, out);
    return out.toString();
  }

  /**
   * Returns the UTF-8 bytes of {@link #canonicalize(Object)}: the exact input of any hash or
   * signature.
   */
  public static byte[] canonicalBytes(Object value) {
    return canonicalize(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the lowercase hex SHA-256 of {@link #canonicalBytes(Object)}. */
  public static String sha256Hex(Object value) {
    return HexFormat.of().formatHex(sha256().digest(canonicalBytes(value)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256, so this is a broken runtime, not a
      // caller error.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void writeValue(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean bool) {
      out.append(bool.booleanValue());
    } else if (value instanceof String string) {
      writeString(string, out);
    } else if (value instanceof Number number) {
      out.append(serializeNumber(toDouble(number), number));
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out);
    } else if (value instanceof List<?> list) {
      writeArray(list, out);
    } else {
      throw new IllegalArgumentException(
          "Unsupported type for canonical JSON: " + value.getClass().getName());
    }
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out) {
    List<String> names = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException(
            "Object member names must be Strings, got: "
                + (key == null ? "null" : key.getClass().getName()));
      }
      names.add(name);
    }
    // String.compareTo orders by UTF-16 code units, which is exactly the order RFC 8785 §3.2.3
    // prescribes.
    names.sort(null);
    out.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(names.get(i), out);
      out.append(':');
      writeValue(map.get(names.get(i)), out);
    }
    out.append('}');
  }

  private static void writeArray(List<?> list, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeValue(list.get(i), out);
    }
    out.append(']');
  }

  private static void writeString(String string, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      if (Character.isSurrogate(c)) {
        requirePairedSurrogate(string, i);
      }
      appendEscaped(c, out);
    }
    out.append('"');
  }

  private static void requirePairedSurrogate(String string, int index) {
    char c = string.charAt(index);
    boolean paired =
        Character.isHighSurrogate(c)
            ? index + 1 < string.length() && Character.isLowSurrogate(string.charAt(index + 1))
            : index > 0 && Character.isHighSurrogate(string.charAt(index - 1));
    if (!paired) {
      // A lone surrogate has no UTF-8 encoding, so no canonical byte form exists for it.
      throw new IllegalArgumentException(
          String.format(
              "Lone surrogate U+%04X at index %d cannot be canonicalized", (int) c, index));
    }
  }

  private static void appendEscaped(char c, StringBuilder out) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\b' -> out.append("\\b");
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\f' -> out.append("\\f");
      case '\r' -> out.append("\\r");
      default -> {
        if (c < 0x20) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }

  private static double toDouble(Number number) {
    // JCS models every number as an IEEE-754 double, so wider types are rounded to the nearest
    // double first.
    // Float widens exactly, keeping the value the caller actually holds rather than its decimal
    // spelling.
    if (number instanceof Double
        || number instanceof Float
        || number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte
        || number instanceof BigInteger
        || number instanceof BigDecimal) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException(
        "Unsupported number type for canonical JSON: " + number.getClass().getName());
  }

  private static String serializeNumber(double d, Number original) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("Non-finite number cannot be canonicalized: " + original);
    }
    if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
      return Long.toString((long) d);
    }
    BigDecimal digits = shortestDigits(Math.abs(d));
    String magnitude =
        layOut(digits.unscaledValue().toString(), digits.precision() - digits.scale());
    return d < 0 ? "-" + magnitude : magnitude;
  }

  /**
   * Finds the fewest significant digits that parse back to {@code d}, choosing the closest such
   * decimal. Java 17's {@code Double.toString} sometimes emits more digits than needed
   * (JDK-4511638), so its digits are used only where they are shown to be the fewest.
   */
  static BigDecimal shortestDigits(double d) {
    // Double.toString's digits round-trip (though sometimes more than needed): the answer has
    // their count k or fewer. Round-tripping holds for every precision from the shortest one up
    // (the nearest decimal of more digits is at least as close to d on the same side), and a
    // (k-1)-digit decimal that round-trips makes the one next to toString's value on its side
    // round-trip too (the doubles reading as d form an interval). So when neither (k-1)-digit
    // neighbour reads as d, k is the fewest. For a normal d and k <= 15 the interval (at most an
    // ulp, 2^-52 of d) is narrower than the spacing of k-digit decimals (10^-15 of d or more), so
    // toString's value is the only k-digit decimal reading as d: the one the search would find.
    // No exact BigDecimal of d is needed then; otherwise the search decides.
    if (d >= Double.MIN_NORMAL) {
      BigDecimal candidate = new BigDecimal(Double.toString(d)).stripTrailingZeros();
      int k = candidate.precision();
      if (k <= 15 && candidate.doubleValue() == d) {
        if (k == 1) {
          return candidate;
        }
        int coarser = candidate.scale() - 1;
        if (candidate.setScale(coarser, RoundingMode.FLOOR).doubleValue() != d
            && candidate.setScale(coarser, RoundingMode.CEILING).doubleValue() != d) {
          return candidate;
        }
      }
    }
    return shortestDigitsByLoop(d, new BigDecimal(d));
  }

  /** The reference search: every precision from one digit up. */
  static BigDecimal shortestDigitsByLoop(double d, BigDecimal exact) {
    for (int precision = 1; precision < MAX_DIGITS; precision++) {
      BigDecimal candidate = roundTripping(exact, d, precision);
      if (candidate != null) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /**
   * Returns the closest decimal of the given precision that parses back to {@code d}, or null if
   * none does. Both neighbours are tried because at a power of two the gap below {@code d} is half
   * the gap above, so the nearest decimal can miss while the farther one still rounds back.
   */
  private static BigDecimal roundTripping(BigDecimal exact, double d, int precision) {
    BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
    if (nearest.doubleValue() == d) {
      return nearest;
    }
    RoundingMode away = nearest.compareTo(exact) < 0 ? RoundingMode.UP : RoundingMode.DOWN;
    BigDecimal other = exact.round(new MathContext(precision, away));
    return other.doubleValue() == d ? other : null;
  }

  /**
   * Places the significant digits and decimal exponent as ECMAScript's Number::toString does (RFC
   * 8785 §3.2.2.3); {@code n} is the position of the decimal point relative to the first digit.
   */
  private static String layOut(String digits, int n) {
    int k = digits.length();
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    String exponent = (n - 1 < 0 ? "e-" : "e+") + Math.abs(n - 1);
    String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + exponent;
  }
}
