package dev.evalhub.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JwksTest {

  private static final SigningKey KEY = SigningKey.generate(Fixtures.HUB);

  @Test
  void jwksRoundTripsThroughItsJson() throws Exception {
    Jwks jwks = Jwks.of(KEY.publicJwk(), SigningKey.generate(Fixtures.HUB).publicJwk());

    Jwks parsed = Jwks.parse(jwks.toJson());

    assertThat(parsed).isEqualTo(jwks);
  }

  @Test
  void jwkHasTheMembersOfAnEd25519SigningKey() {
    var json = KEY.publicJwk().toJson();

    assertThat(json)
        .containsOnlyKeys("kty", "crv", "x", "kid", "alg", "use")
        .containsEntry("kty", "OKP")
        .containsEntry("crv", "Ed25519")
        .containsEntry("alg", "EdDSA")
        .containsEntry("use", "sig")
        .containsEntry("kid", KEY.kid());
  }

  @Test
  void rsaKeyIsRefusedWithTheReason() {
    String json = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}";

    assertThatThrownBy(() -> Jwks.parse(json))
        .isInstanceOf(KeyLoadException.class)
        .hasMessage(
            "keys[0]: key type \"RSA\" is not accepted; only OKP (Ed25519) keys are, because tokens must be"
                + " signed with EdDSA");
  }

  @Test
  void x25519KeyIsRefusedBecauseOfItsCurve() {
    String json = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"kid\":\"x1\",\"x\":\"AAAA\"}]}";

    assertThatThrownBy(() -> Jwks.parse(json))
        .hasMessageContaining("curve \"X25519\" is not accepted");
  }

  @Test
  void privateKeyInAJwksIsRefused() {
    String json = Jwks.of(KEY.publicJwk()).toJson().replace("\"use\"", "\"d\" : \"AAAA\", \"use\"");

    assertThatThrownBy(() -> Jwks.parse(json)).hasMessageContaining("holds a private key");
  }

  @Test
  void keyOfTheWrongLengthIsRefused() {
    String json = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\",\"x\":\"AAAA\"}]}";

    assertThatThrownBy(() -> Jwks.parse(json)).hasMessageContaining("32 bytes, found 3");
  }

  @Test
  void documentWithoutKeysIsRefused() {
    assertThatThrownBy(() -> Jwks.parse("[]")).hasMessageContaining("not a JWKS");
  }
}
