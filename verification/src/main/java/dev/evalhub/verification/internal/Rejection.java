package dev.evalhub.verification.internal;

/**
 * Why a token is not accepted, as one sentence; thrown between the steps of a verification and
 * always turned into a value before it reaches a caller.
 */
public final class Rejection extends Exception {

  public Rejection(String reason) {
    // No stack trace: a rejection is an expected outcome of reading untrusted input, not a fault.
    super(reason, null, false, false);
  }
}
