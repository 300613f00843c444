package dev.evalhub.formats.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  private static String number(double d) {
    return CanonicalJson.canonicalize(d);
  }

  private static Map<String, Object> orderedMap(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void rfcSection322SampleMatchesTheCanonicalForm() {
    Map<String, Object> sample =
        orderedMap(
            "numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001),
            "string", "\u20ac$\u000F\nA'B\"\\\\\"/",
            "literals", Arrays.asList(null, true, false));

    assertThat(CanonicalJson.canonicalize(sample))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void rfcSection324Utf8BytesOfTheSample() {
    Map<String, Object> sample =
        orderedMap(
            "numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001),
            "string", "\u20ac$\u000F\nA'B\"\\\\\"/",
            "literals", Arrays.asList(null, true, false));

    // The hex dump printed in RFC 8785 §3.2.4.
    String expectedHex =
        "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b33"
            + "33333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282"
            + "ac245c75303030665c6e4127425c225c5c5c5c5c222f227d";
    assertThat(HexFormat.of().formatHex(CanonicalJson.canonicalBytes(sample)))
        .isEqualTo(expectedHex);
  }

  @Test
  void rfcSection323SortsMembersByUtf16CodeUnits() {
    Map<String, Object> sample =
        orderedMap(
            "\u20ac", "Euro Sign",
            "\r", "Carriage Return",
            "\ufb33", "Hebrew Letter Dalet With Dagesh",
            "1", "One",
            "\ud83d\ude00", "Emoji: Grinning Face",
            "\u0080", "Control",
            "\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(CanonicalJson.canonicalize(sample))
        .isEqualTo(
            "{"
                + "\"\\r\":\"Carriage Return\","
                + "\"1\":\"One\","
                + "\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\""
                + "}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void rfcAppendixBNumberSamples(String ieeeHex, String expected) {
    assertThat(number(Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1e-7, 1e-7",
    "1.5e-7, 1.5e-7",
    "0.000001, 0.000001",
    "123e-20, 1.23e-18",
    "1e21, 1e+21",
    "1.5e21, 1.5e+21",
    "0.1, 0.1",
    "-0.5, -0.5",
    "100, 100",
    "123456.789, 123456.789",
  })
  void numberLayoutFollowsEcmaScript(double value, String expected) {
    assertThat(number(value)).isEqualTo(expected);
  }

  @Test
  void digitsAreShortestWhereJava17DoubleToStringIsNot() {
    // On Java 17 (JDK-4511638) Double.toString gives "9.999999999999999E22" and
    // "2.82879384806159008E17" here.
    assertThat(number(1.0E23)).isEqualTo("1e+23");
    assertThat(number(2.82879384806159E17)).isEqualTo("282879384806159000");
  }

  @ParameterizedTest(name = "2^{0} -> {1}")
  @CsvSource({
    "-1017, 7.120236347223045e-307",
    "-1007, 7.291122019556398e-304",
    "-808, 5.858190679279809e-244",
  })
  void shortestDigitsMayLieInTheWiderGapAboveAPowerOfTwo(int exponent, String expected) {
    assertThat(number(Math.scalb(1.0, exponent))).isEqualTo(expected);
  }

  @Test
  void integralAndBigNumbersAreConvertedToDoubleFirst() {
    assertThat(
            CanonicalJson.canonicalize(
                List.of(
                    (byte) -7,
                    (short) 300,
                    42,
                    9007199254740993L,
                    new BigInteger("12345678901234567890123"),
                    new BigDecimal("4.50"),
                    new BigDecimal("1E+30"),
                    0.5f)))
        .isEqualTo("[-7,300,42,9007199254740992,1.2345678901234568e+22,4.5,1e+30,0.5]");
  }

  @Test
  void floatWidensExactly() {
    assertThat(CanonicalJson.canonicalize(0.1f)).isEqualTo("0.10000000149011612");
  }

  @Test
  void nonFiniteNumbersAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> number(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> number(Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Infinity");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(new BigDecimal("1e400")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1E+400");
  }

  @Test
  void stringsEscapeOnlyQuotesBackslashesAndControlCharacters() {
    assertThat(
            CanonicalJson.canonicalize(
                "\u0000\u0001\b\t\n\u000b\f\r\u001f \"\\/\u007f\u00e9\ud83d\ude00"))
        .isEqualTo(
            "\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u007f\u00e9\ud83d\ude00\"");
  }

  @Test
  void loneSurrogatesAreRejected() {
    for (String bad : List.of("\ud83d", "a\ude00", "\ude00\ud83d", "x\ud83dy")) {
      assertThatThrownBy(() -> CanonicalJson.canonicalize(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("surrogate");
    }
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of("\ud83d", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void unsupportedTypesAreRejectedNamingTheClass() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(new AtomicInteger(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AtomicInteger");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Map.of(1, "one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  @Test
  void nestedStructures() {
    Map<String, Object> tree =
        orderedMap(
            "b", List.of(orderedMap("y", List.of(), "x", Map.of()), List.of(1, List.of(2.5, "s"))),
            "a", orderedMap("z", null, "m", true));

    assertThat(CanonicalJson.canonicalize(tree))
        .isEqualTo("{\"a\":{\"m\":true,\"z\":null},\"b\":[{\"x\":{},\"y\":[]},[1,[2.5,\"s\"]]]}");
  }

  @Test
  void keyOrderDoesNotAffectTheCanonicalFormOrHash() {
    Map<String, Object> first =
        orderedMap("alpha", 1, "beta", List.of(orderedMap("q", 1, "p", 2)), "gamma", "g");
    Map<String, Object> second =
        orderedMap("gamma", "g", "beta", List.of(orderedMap("p", 2, "q", 1)), "alpha", 1);
    Map<String, Object> third =
        new TreeMap<>(
            Map.of(
                "gamma", "g", "alpha", 1, "beta", List.of(new HashMap<>(Map.of("q", 1, "p", 2)))));

    assertThat(CanonicalJson.canonicalize(first))
        .isEqualTo(CanonicalJson.canonicalize(second))
        .isEqualTo(CanonicalJson.canonicalize(third));
    assertThat(CanonicalJson.sha256Hex(first))
        .isEqualTo(CanonicalJson.sha256Hex(second))
        .isEqualTo(CanonicalJson.sha256Hex(third));
  }

  @Test
  void sha256OfEmptyObjectIsTheHashOfTwoBraces() {
    assertThat(CanonicalJson.canonicalBytes(Map.of()))
        .isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(CanonicalJson.sha256Hex(Map.of()))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void randomDoublesRoundTripWithMinimalDigits() {
    SplittableRandom random = new SplittableRandom(8785);
    int checked = 0;
    while (checked < 20_000) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String serialized = number(d);
      // -0 deliberately serializes as "0", so it parses back as +0.
      assertThat(Double.parseDouble(serialized)).as(serialized).isEqualTo(d == 0 ? 0.0 : d);
      assertNoShorterDecimalRoundTrips(d, significantDigits(serialized), serialized);
      checked++;
    }
  }

  private static int significantDigits(String serialized) {
    return new BigDecimal(serialized).stripTrailingZeros().precision();
  }

  /**
   * Checks both decimals of one digit fewer that bracket {@code d}; if neither parses back, none
   * shorter can.
   */
  private static void assertNoShorterDecimalRoundTrips(double d, int digits, String serialized) {
    if (digits == 1) {
      return;
    }
    BigDecimal exact = new BigDecimal(d);
    for (RoundingMode mode : List.of(RoundingMode.FLOOR, RoundingMode.CEILING)) {
      BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
      assertThat(shorter.doubleValue())
          .as("%s has a shorter form %s", serialized, shorter)
          .isNotEqualTo(d);
    }
  }

  @Test
  void shortestDigitsFastPathEqualsTheFullSearch() {
    SplittableRandom random = new SplittableRandom(16);
    List<Double> values =
        new java.util.ArrayList<>(
            List.of(
                0.1,
                1.0 / 3,
                94.85,
                2.11,
                2e23,
                1e23,
                8.41e21,
                5e-324,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                9.007199254740993e15,
                1.0e-7,
                123456789.125,
                0.30000000000000004));
    for (int i = 0; i < 20_000; i++) {
      values.add(Math.abs(Double.longBitsToDouble(random.nextLong())));
      // Values as results files hold them: a few decimal digits.
      values.add(random.nextInt(1_000_000) / Math.pow(10, random.nextInt(1, 8)));
      // Up to 16 digits at any magnitude: where toString's digits may be one too many.
      values.add(
          random.nextLong(1, 10_000_000_000_000_000L) * Math.pow(10, random.nextInt(-40, 40)));
    }
    for (double d : values) {
      if (Double.isFinite(d) && d != 0) {
        assertThat(CanonicalJson.shortestDigits(d))
            .as("%s", d)
            .isEqualTo(CanonicalJson.shortestDigitsByLoop(d, new BigDecimal(d)));
      }
    }
  }
}
