package dev.evalhub.verification;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.internal.CompactJws;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs verification tokens with one {@link SigningKey}: a compact JWS with the header {@code
 * {"alg":"EdDSA","typ":"JWT","kid":"<kid>"}} over the {@link TokenClaims}. Thread-safe.
 *
 * <p>Claims are written with Jackson, not in canonical JSON: a JWS signs the exact payload bytes it
 * carries, so a verifier never re-serializes anything and canonical form would add nothing. Jackson
 * writes a double in a form that reads back as the same double, so {@code value} round-trips
 * exactly.
 */
public final class TokenSigner {

  private final SigningKey key;
  private final Clock clock;

  public TokenSigner(SigningKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  public TokenSigner(SigningKey key) {
    this(key, Clock.systemUTC());
  }

  /**
   * A token for {@code entry} in the model repository {@code repoId}, issued now by this key's
   * issuer.
   */
  public String sign(String repoId, ResultEntry entry) {
    return sign(repoId, entry, java.util.function.UnaryOperator.identity());
  }

  /**
   * A token for {@code entry} in {@code repoId} whose claims {@link TokenClaims#forEntry} gives are
   * then changed by {@code adjust} (the hub's runner adds its job and the revisions it pinned).
   */
  public String sign(
      String repoId, ResultEntry entry, java.util.function.UnaryOperator<TokenClaims> adjust) {
    return sign(adjust.apply(TokenClaims.forEntry(key.issuer(), repoId, entry, clock.instant())));
  }

  /**
   * A token for {@code claims}.
   *
   * @throws IllegalArgumentException when {@code claims.iss()} is not this key's issuer
   */
  public String sign(TokenClaims claims) {
    if (!claims.iss().equals(key.issuer())) {
      throw new IllegalArgumentException(
          "the key "
              + key.kid()
              + " signs for the issuer "
              + key.issuer()
              + ", not for "
              + claims.iss());
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "EdDSA");
    header.put("typ", "JWT");
    header.put("kid", key.kid());
    return CompactJws.sign(header, claims.toJson(), key.privateKey());
  }
}
