package dev.evalhub.verification;

import dev.evalhub.verification.internal.Ed25519Codec;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.EdECPublicKey;

/**
 * An Ed25519 key that signs verification tokens for one issuer: the private key, its key id and its
 * public half. Immutable and thread-safe; {@link #toString()} never shows the private key.
 */
public final class SigningKey {

  private final String issuer;
  private final PrivateKey privateKey;
  private final PublicJwk publicJwk;

  SigningKey(String issuer, String kid, PrivateKey privateKey, EdECPublicKey publicKey) {
    if (issuer == null || issuer.isBlank() || issuer.contains("\n") || issuer.contains("\r")) {
      throw new IllegalArgumentException(
          "an issuer id must be one non-blank line, got \"" + issuer + "\"");
    }
    this.issuer = issuer;
    this.privateKey = privateKey;
    this.publicJwk = new PublicJwk(kid, publicKey);
  }

  /**
   * A fresh key for {@code issuer}, its kid derived from the public key ({@link Ed25519Codec#kid}).
   */
  public static SigningKey generate(String issuer) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      EdECPublicKey publicKey = (EdECPublicKey) pair.getPublic();
      return new SigningKey(issuer, Ed25519Codec.kid(publicKey), pair.getPrivate(), publicKey);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519 (Java 15+ required)", e);
    }
  }

  /** The issuer id written into the {@code iss} claim of every token this key signs. */
  public String issuer() {
    return issuer;
  }

  public String kid() {
    return publicJwk.kid();
  }

  /** The public half, as published in the hub's JWKS. */
  public PublicJwk publicJwk() {
    return publicJwk;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "SigningKey[issuer=" + issuer + ", kid=" + kid() + "]";
  }
}
