package dev.evalhub.verification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.TrustedIssuers.OwnedKey;
import dev.evalhub.verification.internal.ClaimMatcher;
import dev.evalhub.verification.internal.CompactJws;
import dev.evalhub.verification.internal.Rejection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a result's {@code verifyToken} is valid where it stands (hub-api.md,
 * "verifyToken"): an EdDSA compact JWS whose key belongs to a trusted issuer, signed by that
 * issuer, with claims that match the entry and the repository holding it. Never throws for bad
 * input: every token, however broken, gets a {@link Verification} with a reason. Thread-safe.
 *
 * <p>The algorithm is fixed, not read from the token: anything but {@code alg: EdDSA} is refused
 * before a key is looked up, so {@code none} and HMAC tokens (including one "signed" with a public
 * key as the HMAC secret) never reach a signature check.
 */
public final class TokenVerifier {

  private final TrustedIssuers trusted;

  public TokenVerifier(TrustedIssuers trusted) {
    this.trusted = trusted;
  }

  /** Checks the entry's own {@code verifyToken}, found in the model repository {@code model}. */
  public Verification verify(RepoId model, ResultEntry entry) {
    return verify(entry.verifyToken(), model, entry);
  }

  /**
   * Checks {@code token} for {@code entry}, found in the model repository {@code model} (which the
   * token's claim must name as the repository spells it: {@code ns/name}).
   */
  public Verification verify(String token, RepoId model, ResultEntry entry) {
    if (token == null || token.isEmpty()) {
      return Verification.refused("the entry has no verifyToken", null, null);
    }
    CompactJws jws;
    String kid;
    try {
      jws = CompactJws.parse(token);
      requireEdDsa(jws.header().get("alg"));
      if (jws.header().has("crit")) {
        // RFC 7515 §4.1.11: a verifier must refuse critical extensions it does not understand; it
        // knows none.
        throw new Rejection(
            "the token's header has critical extensions (crit), which are not supported");
      }
      kid = kidOf(jws.header().get("kid"));
    } catch (Rejection rejection) {
      return Verification.refused(rejection.getMessage(), null, null);
    }
    List<OwnedKey> candidates = trusted.keysWithKid(kid);
    if (candidates.isEmpty() && trusted.revoked().containsKey(kid)) {
      return Verification.refused(
          "the token is signed with the key "
              + kid
              + ", which was "
              + trusted.revoked().get(kid)
              + " and is no longer trusted",
          null,
          kid);
    }
    if (candidates.isEmpty()) {
      return Verification.refused(
          "the token is signed with the key " + kid + ", which is not a key of any trusted issuer",
          null,
          kid);
    }
    JsonNode iss = jws.payload().get("iss");
    OwnedKey key =
        candidates.stream()
            .filter(k -> iss != null && k.issuer().equals(iss.asText()))
            .findFirst()
            .orElse(candidates.get(0));
    if (!jws.verifiesWith(key.key().key())) {
      return Verification.refused(
          "the token's signature does not verify under the key "
              + kid
              + " of "
              + key.issuer()
              + ": it was altered or not signed by that key",
          null,
          kid);
    }
    if (iss == null || !iss.isTextual() || !iss.asText().equals(key.issuer())) {
      return Verification.refused(
          "the token claims the issuer "
              + (iss == null ? "(none)" : iss)
              + ", but the key "
              + kid
              + " belongs to "
              + key.issuer(),
          key.issuer(),
          kid);
    }
    try {
      ClaimMatcher.check(jws.payload(), model.fullName(), entry);
    } catch (Rejection rejection) {
      return Verification.refused(rejection.getMessage(), key.issuer(), kid);
    }
    return Verification.verified(key.issuer(), kid);
  }

  /**
   * The key id a token's header names, or empty when the token is malformed before its key (then
   * its verification cannot depend on which keys are trusted). Never throws.
   */
  public static Optional<String> kidOf(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(kidOf(CompactJws.parse(token).header().get("kid")));
    } catch (Rejection rejection) {
      return Optional.empty();
    }
  }

  private static void requireEdDsa(JsonNode alg) throws Rejection {
    if (alg == null || !alg.isTextual()) {
      throw new Rejection("the token's header names no algorithm (alg)");
    }
    String name = alg.asText();
    if (name.equals("EdDSA")) {
      return;
    }
    if (name.equalsIgnoreCase("none")) {
      throw new Rejection(
          "the token is unsigned (alg none); only EdDSA-signed tokens are accepted");
    }
    if (name.toUpperCase(Locale.ROOT).startsWith("HS")) {
      throw new Rejection(
          "the token uses the HMAC algorithm "
              + name
              + ", which is never accepted; only EdDSA-signed tokens are");
    }
    throw new Rejection("the token uses the algorithm " + name + "; only EdDSA is accepted");
  }

  private static String kidOf(JsonNode kid) throws Rejection {
    if (kid == null || !kid.isTextual() || kid.asText().isEmpty()) {
      throw new Rejection("the token's header names no key (kid), so no trusted key can check it");
    }
    return kid.asText();
  }
}
