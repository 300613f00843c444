package dev.evalhub.server.pages;

import dev.evalhub.domain.RepoId;
import dev.evalhub.importers.LogSource;
import dev.evalhub.service.ImportRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logs a signed-in user uploaded on a model page and previewed, kept until they open the pull
 * request (the browser cannot send the files again without a script): in memory, under a random id,
 * for the account and model they were uploaded for only. Bounded: each entry lives {@link #TTL},
 * and when the kept bytes pass {@link #MAX_BYTES} the oldest are dropped first. Thread-safe.
 */
final class PendingImports {

  /** How long a preview's logs wait for the button. */
  static final Duration TTL = Duration.ofMinutes(30);

  /** The most bytes of logs kept at once: four full uploads. */
  static final long MAX_BYTES = 4 * ImportPages.MAX_UPLOAD_BYTES;

  /** One previewed upload. Immutable. */
  record Pending(
      String user, RepoId model, List<LogSource> logs, ImportRequest request, long bytes) {
    Pending {
      logs = List.copyOf(logs);
    }
  }

  private record Kept(Pending pending, Instant expires) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Kept> kept = new LinkedHashMap<>();
  private final Clock clock;
  private long bytes;

  PendingImports(Clock clock) {
    this.clock = clock;
  }

  /** Keeps {@code pending}; returns its id. */
  synchronized String put(Pending pending) {
    dropExpired();
    String id = randomId();
    kept.put(id, new Kept(pending, clock.instant().plus(TTL)));
    bytes += pending.bytes();
    Iterator<Map.Entry<String, Kept>> oldest = kept.entrySet().iterator();
    while (bytes > MAX_BYTES && oldest.hasNext()) {
      Map.Entry<String, Kept> entry = oldest.next();
      if (!entry.getKey().equals(id)) {
        bytes -= entry.getValue().pending().bytes();
        oldest.remove();
      }
    }
    return id;
  }

  /**
   * Takes (removes) the upload {@code id} when it is still kept and was made by {@code user} for
   * {@code model}; another account's or model's id is as unknown as an expired one.
   */
  synchronized Optional<Pending> take(String id, String user, RepoId model) {
    dropExpired();
    Kept found = id == null ? null : kept.get(id);
    if (found == null
        || !found.pending().user().equals(user)
        || !found.pending().model().equals(model)) {
      return Optional.empty();
    }
    kept.remove(id);
    bytes -= found.pending().bytes();
    return Optional.of(found.pending());
  }

  private void dropExpired() {
    Instant now = clock.instant();
    kept.values()
        .removeIf(
            k -> {
              boolean expired = !k.expires().isAfter(now);
              if (expired) {
                bytes -= k.pending().bytes();
              }
              return expired;
            });
  }

  private static String randomId() {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
