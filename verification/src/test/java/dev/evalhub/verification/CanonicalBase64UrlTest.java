package dev.evalhub.verification;

import static dev.evalhub.verification.Fixtures.HUB;
import static dev.evalhub.verification.Fixtures.HUB_KEY;
import static dev.evalhub.verification.Fixtures.MODEL;
import static dev.evalhub.verification.Fixtures.VERIFIER;
import static dev.evalhub.verification.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.internal.Base64Url;
import dev.evalhub.verification.internal.CompactJws;
import dev.evalhub.verification.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token has exactly one spelling: a last character whose unused low bits are set decodes
 * (leniently) to the same bytes, so without a strict decoder one signed token would have several
 * accepted spellings.
 */
@Tag("hostile")
class CanonicalBase64UrlTest {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final ResultEntry ENTRY = entry(20.9);

  @Test
  void everyOtherSpellingOfAnEd25519SignatureIsRefused() {
    String token = Fixtures.SIGNER.sign(MODEL, ENTRY);
    assertThat(VERIFIER.verify(token, Fixtures.MODEL_ID, ENTRY).verified()).isTrue();

    List<String> spellings = otherSpellings(token, 2);

    // 64 bytes = 86 characters; the last carries 2 bits and 4 unused ones: 15 other spellings.
    assertThat(spellings).hasSize(15);
    assertThat(spellings)
        .allSatisfy(
            spelling -> {
              Verification verification = VERIFIER.verify(spelling, Fixtures.MODEL_ID, ENTRY);
              assertThat(verification.verified()).isFalse();
              assertThat(verification.reason())
                  .isEqualTo("the token's signature is not canonical unpadded base64url");
            });
  }

  /**
   * Header and payload are padded so that each length mod 3 occurs: 0, 2 or 4 unused bits in the
   * last character.
   */
  @ParameterizedTest(name = "{0} of length {1} mod 3")
  @MethodSource("segmentsAndPaddings")
  void otherSpellingsOfAnySegmentAreRefusedWhileTheCanonicalOneVerifies(String segment, int pad) {
    String token =
        tokenPadded(segment.equals("header") ? pad : 0, segment.equals("payload") ? pad : 0);
    assertThat(VERIFIER.verify(token, Fixtures.MODEL_ID, ENTRY).verified()).isTrue();
    int part = List.of("header", "payload", "signature").indexOf(segment);
    int unusedBits = unusedBits(token.split("\\.")[part]);

    List<String> spellings = otherSpellings(token, part);

    assertThat(spellings).hasSize((1 << unusedBits) - 1);
    assertThat(spellings)
        .allSatisfy(
            spelling ->
                assertThat(VERIFIER.verify(spelling, Fixtures.MODEL_ID, ENTRY).reason())
                    .isEqualTo("the token's " + segment + " is not canonical unpadded base64url"));
  }

  static Stream<Arguments> segmentsAndPaddings() {
    return Stream.of("header", "payload", "signature")
        .flatMap(segment -> IntStream.range(0, 3).mapToObj(pad -> Arguments.of(segment, pad)));
  }

  @Test
  void everyTwoAndThreeCharacterTextHasOneAcceptedSpellingPerByteString() {
    Map<String, String> spellingOf = new LinkedHashMap<>();
    int accepted = 0;
    for (char a : ALPHABET.toCharArray()) {
      for (char b : ALPHABET.toCharArray()) {
        for (String text :
            new String[] {"" + a + b, "" + a + b + 'A', "" + a + b + 'B', "" + a + b + '_'}) {
          byte[] bytes = Base64Url.decode(text).orElse(null);
          if (bytes != null) {
            accepted++;
            assertThat(spellingOf.put(Arrays.toString(bytes), text)).as(text).isNull();
            assertThat(Base64Url.encode(bytes)).isEqualTo(text);
          }
        }
      }
    }
    // "xy": one byte, y's 4 low bits unused, so 64 x 4; "xyA": two bytes, always canonical; "xyB",
    // "xy_": never.
    assertThat(accepted).isEqualTo(256 + 64 * 64);
  }

  @Test
  void paddingPlusSlashAndLengthFourNPlusOneStayRefused() {
    assertThat(Base64Url.decode("AA==")).isEmpty();
    assertThat(Base64Url.decode("+/8")).isEmpty();
    assertThat(Base64Url.decode("AAAAA")).isEmpty();
    assertThat(Base64Url.decode("AQ")).isPresent();
    assertThat(Base64Url.decode("AR")).isEmpty();
  }

  @Test
  void jwksWithANonCanonicalPublicKeyIsRefused() throws Exception {
    String json = Jwks.of(HUB_KEY.publicJwk()).toJson();
    String x = Base64Url.encode(HUB_KEY.publicJwk().raw());
    String alias = otherSpellingsOf(x).get(0);
    assertThat(Jwks.parse(json).keys()).containsExactly(HUB_KEY.publicJwk());

    assertThatThrownBy(() -> Jwks.parse(json.replace(x, alias)))
        .isInstanceOf(KeyLoadException.class)
        .hasMessageContaining("\"x\" must be the public key in base64url");
  }

  private static String tokenPadded(int headerPad, int payloadPad) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "EdDSA");
    header.put("typ", "JWT");
    header.put("kid", HUB_KEY.kid());
    Map<String, Object> payload = TokenClaims.forEntry(HUB, MODEL, ENTRY, Instant.EPOCH).toJson();
    String headerText = new String(StrictJson.write(header), StandardCharsets.UTF_8);
    String payloadText = new String(StrictJson.write(payload), StandardCharsets.UTF_8);
    // Pad to the wanted length mod 3 with an informational member the verifier ignores.
    header.put("x-pad", "a".repeat(Math.floorMod(headerPad - headerText.length() - 11, 3)));
    payload.put("x-pad", "a".repeat(Math.floorMod(payloadPad - payloadText.length() - 11, 3)));
    return CompactJws.sign(header, payload, HUB_KEY.privateKey());
  }

  /**
   * The token with its {@code part}'s last character replaced by every other one that decodes to
   * the same bytes.
   */
  private static List<String> otherSpellings(String token, int part) {
    String[] parts = token.split("\\.");
    List<String> tokens = new ArrayList<>();
    for (String alias : otherSpellingsOf(parts[part])) {
      String[] copy = parts.clone();
      copy[part] = alias;
      tokens.add(String.join(".", copy));
    }
    return tokens;
  }

  private static List<String> otherSpellingsOf(String text) {
    byte[] bytes = Base64.getUrlDecoder().decode(text);
    String stem = text.substring(0, text.length() - 1);
    List<String> aliases = new ArrayList<>();
    for (char c : ALPHABET.toCharArray()) {
      String candidate = stem + c;
      if (!candidate.equals(text)
          && Arrays.equals(Base64.getUrlDecoder().decode(candidate), bytes)) {
        aliases.add(candidate);
      }
    }
    return aliases;
  }

  private static int unusedBits(String text) {
    return switch (text.length() % 4) {
      case 2 -> 4;
      case 3 -> 2;
      default -> 0;
    };
  }
}
