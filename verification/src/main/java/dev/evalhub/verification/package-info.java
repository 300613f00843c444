/**
 * Verification tokens for results: Ed25519 signing keys and their files, public keys as JWK/JWKS,
 * signing a result into a compact JWS ({@link dev.evalhub.verification.TokenSigner}), checking one
 * against an entry ({@link dev.evalhub.verification.TokenVerifier}) and signing a whole {@code
 * .eval_results} file in place ({@link dev.evalhub.verification.ResultsFileSigner}).
 */
package dev.evalhub.verification;
