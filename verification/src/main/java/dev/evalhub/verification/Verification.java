package dev.evalhub.verification;

/**
 * The outcome of checking a verification token: verified, or not with the reason as one sentence
 * the API shows. Immutable.
 *
 * @param verified whether the token is valid for the entry where it stands
 * @param reason why it is not verified; null when verified
 * @param issuer the issuer whose key signed the token, when the signature was checked; else null
 * @param kid the key id the token names, when it names one; else null
 */
public record Verification(boolean verified, String reason, String issuer, String kid) {

  public Verification {
    if (verified == (reason != null)) {
      throw new IllegalArgumentException(
          "a verified token has no reason and a refused one has one");
    }
  }

  public static Verification verified(String issuer, String kid) {
    return new Verification(true, null, issuer, kid);
  }

  public static Verification refused(String reason, String issuer, String kid) {
    return new Verification(false, reason, issuer, kid);
  }
}
