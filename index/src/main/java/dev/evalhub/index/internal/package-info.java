/**
 * The index's implementation: the connection pool (HikariCP), the rows written from what storage's
 * {@code RepoReader} reads, and leaderboard ranking and caching. No JGit: git is read through
 * storage.
 */
package dev.evalhub.index.internal;
