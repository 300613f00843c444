/**
 * The index's implementation: the connection pool, git reading, row writing and leaderboard
 * ranking.
 */
package dev.evalhub.index.internal;
