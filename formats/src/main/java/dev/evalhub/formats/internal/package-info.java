/**
 * The readers behind {@link dev.evalhub.formats.EvalFormats}: one per format, each checking every
 * rule of the spec and reporting all problems at once. Not API: only {@code EvalFormats} calls
 * them.
 */
package dev.evalhub.formats.internal;
