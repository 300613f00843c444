package dev.evalhub.server.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of requests ({@code X-Request-Id}): a prefix of 16 hex digits drawn once per process from
 * {@link SecureRandom} (so that the ids of two processes, or of two runs of one, do not collide), a
 * dash and 16 more hex digits, e.g. {@code 3f9c0a1b22d4e5f6-9b1e07c45d2a38f0}. Those are a counter
 * scrambled without a random draw per request (a {@code UUID.randomUUID} per request cost a {@code
 * SecureRandom} call on the hot path): {@code mix64(counter + k1) ^ k2}, with {@code k1} and {@code
 * k2} two more 64-bit values drawn once per process from {@link SecureRandom} and kept secret, and
 * {@code mix64} the finaliser of SplitMix64 (G. L. Steele, D. Lea, C. H. Flood, "Fast Splittable
 * Pseudorandom Number Generators", OOPSLA 2014; the constants are D. Stafford's "Mix13", as in
 * {@code java.util.SplittableRandom.mix64}). Each step is a bijection on 64-bit values (adding a
 * constant, {@code x ^ (x >>> s)}, multiplying by an odd constant, xor with a constant), so the ids
 * of one process stay unique for 2<sup>64</sup> requests; two ids of one client tell neither the
 * order of the two requests nor how many others the hub served between them. The mix is not a
 * cipher: it keeps the count from being read off the ids, not from cryptanalysis. Thread-safe.
 */
public final class RequestIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = HexFormat.of().toHexDigits(RANDOM.nextLong()) + "-";
  private static final long K1 = RANDOM.nextLong();
  private static final long K2 = RANDOM.nextLong();
  private static final AtomicLong COUNTER = new AtomicLong();

  private RequestIds() {}

  /** A new id, never handed out before by this process. */
  public static String next() {
    return PREFIX + HexFormat.of().toHexDigits(mix64(COUNTER.incrementAndGet() + K1) ^ K2);
  }

  /** SplitMix64's finaliser (Stafford's Mix13): a bijection on 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
