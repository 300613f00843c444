/**
 * Implementation details of verification (key encodings, compact JWS, YAML edits); not an API, may
 * change.
 */
package dev.evalhub.verification.internal;
