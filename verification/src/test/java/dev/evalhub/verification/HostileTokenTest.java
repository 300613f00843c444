package dev.evalhub.verification;

import static dev.evalhub.verification.Fixtures.HUB;
import static dev.evalhub.verification.Fixtures.HUB_KEY;
import static dev.evalhub.verification.Fixtures.MODEL;
import static dev.evalhub.verification.Fixtures.VERIFIER;
import static dev.evalhub.verification.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.internal.Base64Url;
import dev.evalhub.verification.internal.Pem;
import dev.evalhub.verification.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens an attacker or a broken client may write: every one is refused with a reason, none throws.
 */
@Tag("hostile")
class HostileTokenTest {

  private static final ResultEntry ENTRY = entry(20.9);

  @Test
  void unsignedTokenWithAlgNoneIsRefused() {
    String token =
        token("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + HUB_KEY.kid() + "\"}", "");

    Verification verification = VERIFIER.verify(token, Fixtures.model(MODEL), ENTRY);

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).contains("alg none");
  }

  @Test
  void headerWithTwoAlgMembersIsRefusedAsAmbiguous() {
    String token =
        token("{\"alg\":\"EdDSA\",\"alg\":\"none\",\"kid\":\"" + HUB_KEY.kid() + "\"}", "AAAA");

    Verification verification = VERIFIER.verify(token, Fixtures.model(MODEL), ENTRY);

    assertThat(verification.reason())
        .isEqualTo("the token's header is not a JSON object: Duplicate field 'alg'");
  }

  @Test
  void headerWithASecondObjectAfterTheFirstIsRefused() {
    String token =
        token("{\"alg\":\"EdDSA\",\"kid\":\"" + HUB_KEY.kid() + "\"}{\"alg\":\"none\"}", "AAAA");

    Verification verification = VERIFIER.verify(token, Fixtures.model(MODEL), ENTRY);

    assertThat(verification.reason())
        .startsWith("the token's header is not a JSON object: Trailing token");
  }

  @ParameterizedTest
  @MethodSource("publicKeyAsHmacSecret")
  void hs256TokenSignedWithThePublicKeyIsRefusedBecauseOfItsAlgorithm(byte[] secret)
      throws Exception {
    String signingInput =
        part("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + HUB_KEY.kid() + "\"}")
            + "."
            + part(claims());
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
    byte[] mac = hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    String token = signingInput + "." + Base64Url.encode(mac);

    Verification verification = VERIFIER.verify(token, Fixtures.model(MODEL), ENTRY);

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).contains("HMAC algorithm HS256").contains("never accepted");
  }

  /**
   * The public key as an attacker might feed it to HMAC: raw bytes, X.509 DER, PEM text, JWK text,
   * x text.
   */
  static Stream<byte[]> publicKeyAsHmacSecret() {
    PublicJwk jwk = HUB_KEY.publicJwk();
    return Stream.of(
        jwk.raw(),
        jwk.key().getEncoded(),
        Pem.encode("PUBLIC KEY", jwk.key().getEncoded()).getBytes(StandardCharsets.US_ASCII),
        Jwks.of(jwk).toJson().getBytes(StandardCharsets.UTF_8),
        Base64Url.encode(jwk.raw()).getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void garbageIsNotVerifiedAndNeverThrows(String token) {
    Verification verification = VERIFIER.verify(token, Fixtures.model(MODEL), ENTRY);

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).isNotBlank();
  }

  static Stream<String> garbage() {
    String kid = HUB_KEY.kid();
    return Stream.of(
        null,
        "",
        "a.b",
        "a.b.c",
        "...",
        "a.b.c.d",
        "!!!.***.###",
        "e30=.e30=.AA==",
        part("[]") + "." + part(claims()) + ".AAAA",
        part("\"EdDSA\"") + "." + part(claims()) + ".AAAA",
        part("{}") + "." + part(claims()) + ".AAAA",
        part("{\"alg\":\"EdDSA\"}") + "." + part(claims()) + ".AAAA",
        part("{\"alg\":\"EdDSA\",\"kid\":7}") + "." + part(claims()) + ".AAAA",
        part("{\"alg\":\"EdDSA\",\"alg\":\"none\",\"kid\":\"" + kid + "\"}")
            + "."
            + part(claims())
            + ".AAAA",
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}{\"alg\":\"none\"}")
            + "."
            + part(claims())
            + ".AAAA",
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"crit\":[\"b64\"]}")
            + "."
            + part(claims())
            + ".AAAA",
        part("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "." + part(claims()) + ".AAAA",
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}") + ".bm90IGpzb24.AAAA",
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}") + "." + part(claims()) + ".",
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}")
            + "."
            + part(claims())
            + "."
            + "A".repeat(86),
        part("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}")
            + "."
            + part("{\"a\":" + "[".repeat(5000))
            + ".AAAA",
        "x".repeat(10 * 1024),
        "eyJ".repeat(3000) + "." + "a".repeat(1000) + "." + "b".repeat(100));
  }

  private static String claims() {
    return new String(
        StrictJson.write(TokenClaims.forEntry(HUB, MODEL, ENTRY, Instant.EPOCH).toJson()),
        StandardCharsets.UTF_8);
  }

  private static String part(String json) {
    return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String token(String header, String signature) {
    return part(header) + "." + part(claims()) + "." + signature;
  }
}
