/**
 * Immutable records for what the files hold: benchmarks, result entries, methodology, model-card
 * results.
 */
package dev.evalhub.formats.model;
