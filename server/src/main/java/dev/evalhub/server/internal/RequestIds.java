package dev.evalhub.server.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of requests ({@code X-Request-Id}): a prefix of 16 hex digits drawn once per process from
 * {@link SecureRandom} (so that the ids of two processes, or of two runs of one, do not collide), a
 * dash and a counter in hex, e.g. {@code 3f9c0a1b22d4e5f6-1a}. Unique within the process without a
 * random draw per request (a {@code UUID.randomUUID} per request cost a {@code SecureRandom} call
 * on the hot path). The id tells the order of requests in a process; it reveals nothing else.
 * Thread-safe.
 */
public final class RequestIds {

  private static final String PREFIX = prefix() + "-";
  private static final AtomicLong COUNTER = new AtomicLong();

  private RequestIds() {}

  /** A new id, never handed out before by this process. */
  public static String next() {
    return PREFIX + Long.toHexString(COUNTER.incrementAndGet());
  }

  private static String prefix() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
