/**
 * The derived SQL index of a hub: benchmarks, result entries with provenance, verification outcomes
 * and badges, kept up to date from the ref-change events and rebuildable from the repositories
 * alone. {@link dev.evalhub.index.Index} is the entry point; leaderboards and model results are
 * read through it as domain values. It checks no permission: the service layer's {@code
 * LeaderboardService} decides who sees what.
 */
package dev.evalhub.index;
