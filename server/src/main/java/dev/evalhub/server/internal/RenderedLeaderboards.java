package dev.evalhub.server.internal;

import dev.evalhub.index.Leaderboard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JSON of the leaderboards last served, reused while the index hands out the same (cached) leaderboard: a
 * large leaderboard costs more to serialise than to look up. Keyed by the request; valid only for the identical
 * leaderboard instance, so an index change is never hidden. Thread-safe.
 */
public final class RenderedLeaderboards {

  private record Rendered(Leaderboard source, byte[] json) {
  }

  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  /** The JSON for {@code leaderboard} under {@code requestKey}, rendered by {@code render} when not cached. */
  public byte[] json(String requestKey, Leaderboard leaderboard, Supplier<byte[]> render) {
    Rendered cached = rendered.get(requestKey);
    if (cached != null && cached.source() == leaderboard) {
      return cached.json();
    }
    byte[] json = render.get();
    rendered.put(requestKey, new Rendered(leaderboard, json));
    return json;
  }
}
