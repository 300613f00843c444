package dev.evalhub.verification.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Converts Ed25519 public keys between the JDK's {@link EdECPublicKey} and the raw 32 bytes of RFC
 * 8032 (what a JWK's {@code x} holds), and derives key ids. Stateless and thread-safe.
 *
 * <p>The raw form is the point's y coordinate in little-endian order, with the parity of x in the
 * top bit of the last byte; the JDK's {@link EdECPoint} holds y as a big-endian {@link BigInteger}
 * and the parity as a boolean.
 */
public final class Ed25519Codec {

  public static final int KEY_BYTES = 32;

  /** The field prime 2^255 - 19: a canonical encoding has y below it. */
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /**
   * 12 bytes of SHA-256 make a 16-character kid: collisions are out of reach for any number of keys
   * a hub has.
   */
  private static final int KID_BYTES = 12;

  private Ed25519Codec() {}

  public static byte[] raw(EdECPublicKey key) {
    EdECPoint point = key.getPoint();
    byte[] bigEndian = point.getY().toByteArray();
    byte[] raw = new byte[KEY_BYTES];
    // toByteArray may carry a leading sign byte or be shorter than 32 bytes; copy the low bytes,
    // reversed.
    for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
      raw[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      raw[KEY_BYTES - 1] |= (byte) 0x80;
    }
    return raw;
  }

  /**
   * The public key whose raw encoding is {@code raw}.
   *
   * @throws InvalidKeySpecException when {@code raw} is not 32 bytes or not a canonical encoding
   */
  public static EdECPublicKey publicKey(byte[] raw) throws InvalidKeySpecException {
    if (raw.length != KEY_BYTES) {
      throw new InvalidKeySpecException("an Ed25519 public key is 32 bytes, found " + raw.length);
    }
    byte[] bigEndian = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      bigEndian[i] = raw[KEY_BYTES - 1 - i];
    }
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7F;
    BigInteger y = new BigInteger(1, bigEndian);
    if (y.compareTo(P) >= 0) {
      throw new InvalidKeySpecException(
          "not a canonical Ed25519 public key: y is not below 2^255 - 19");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      EdECPublicKeySpec spec =
          new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y));
      return (EdECPublicKey) factory.generatePublic(spec);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519 (Java 15+ required)", e);
    }
  }

  /** base64url (no padding) of the first 12 bytes of SHA-256 of the raw public key. */
  public static String kid(EdECPublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, KID_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
