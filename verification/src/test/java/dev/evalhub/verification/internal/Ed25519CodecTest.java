package dev.evalhub.verification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ed25519CodecTest {

  /** Enough keys that both x parities and short y values (leading zero bytes) occur. */
  static Stream<EdECPublicKey> keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    return Stream.generate(() -> (EdECPublicKey) generator.generateKeyPair().getPublic())
        .limit(200);
  }

  @ParameterizedTest
  @MethodSource("keys")
  void rawEncodingIsTheTailOfTheX509Encoding(EdECPublicKey key) {
    byte[] x509 = key.getEncoded();

    byte[] raw = Ed25519Codec.raw(key);

    assertThat(raw).isEqualTo(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void rawEncodingRoundTripsToTheSameKey(EdECPublicKey key) throws Exception {
    EdECPublicKey decoded = Ed25519Codec.publicKey(Ed25519Codec.raw(key));

    assertThat(decoded.getEncoded()).isEqualTo(key.getEncoded());
  }

  @Test
  void rfc8032TestVectorDecodesToItsX509Form() throws Exception {
    // RFC 8032 §7.1, TEST 1: the public key, and the X.509 prefix of RFC 8410 before it.
    byte[] raw =
        HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    EdECPublicKey key = Ed25519Codec.publicKey(raw);

    assertThat(HexFormat.of().formatHex(key.getEncoded()))
        .isEqualTo(
            "302a300506032b6570032100"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }

  @Test
  void nonCanonicalEncodingIsRefused() {
    byte[] raw = new byte[32];
    Arrays.fill(raw, (byte) 0xFF);
    raw[31] = 0x7F;

    assertThatThrownBy(() -> Ed25519Codec.publicKey(raw))
        .isInstanceOf(InvalidKeySpecException.class)
        .hasMessageContaining("not a canonical");
  }
}
