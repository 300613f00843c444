/**
 * Leaderboards, results and badges as the index computes them: domain values, not the wire shape.
 */
package dev.evalhub.domain.leaderboard;
