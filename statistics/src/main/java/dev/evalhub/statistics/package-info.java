/**
 * The statistics of leaderboards that never overstate: intervals for a result ({@link Intervals}),
 * tests of a pair of results ({@link PairTests}), Holm's correction over a family of tests ({@link
 * Holm}), ranks and tiers that claim only the order the tests support ({@link Ranks}), and the
 * smallest difference a benchmark can detect ({@link Power}). Pure functions on numbers: no I/O, no
 * other evalhub module; distributions come from Apache Commons Math. Formulas and sources are in
 * each class and in {@code docs/statistics.md}.
 */
package dev.evalhub.statistics;
