/**
 * Mirrors between hubs: a {@link dev.evalhub.domain.mirror.Mirror} (what an operator set up, a
 * durable record) and its {@link dev.evalhub.domain.mirror.MirrorState} (what its refreshes found,
 * operational state). No I/O.
 */
package dev.evalhub.domain.mirror;
