package dev.evalhub.server.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the server was told to stop: from then on {@code /health/ready} answers 503 while the
 * requests already sent are still served (the drain). Thread-safe.
 */
public final class Draining {

  private final AtomicBoolean draining = new AtomicBoolean();

  /** Starts the drain; returns whether this call started it. */
  public boolean start() {
    return draining.compareAndSet(false, true);
  }

  /** Whether the drain has started. */
  public boolean started() {
    return draining.get();
  }
}
