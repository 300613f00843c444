package dev.evalhub.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how slowly a client may hold the hub's connections: the idle timeout of a connection
 * (no byte either way for this long closes it, and a read blocked on a silent client fails with
 * 408), the lowest average rate a request body may arrive at (bytes per second over the time the
 * hub waits for it, after a grace second; 0: no floor; slower is 408), and the most connections one
 * client address may hold at once (0: no cap; beyond it a new connection gets 429 and is closed).
 * Behind a reverse proxy every connection comes from the proxy's address: see the README.
 * Immutable.
 */
public record HttpLimits(
    Duration idleTimeout, long minRequestBytesPerSecond, int maxConnectionsPerAddress) {

  /** 30 s idle, 1 KiB/s, 64 connections per address. */
  public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(30), 1024, 64);

  public HttpLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "idle-timeout-seconds must be positive, got " + idleTimeout.toSeconds());
    }
    if (minRequestBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "min-request-bytes-per-second must be 0 or more, got " + minRequestBytesPerSecond);
    }
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "max-connections-per-address must be 0 or more, got " + maxConnectionsPerAddress);
    }
  }
}
