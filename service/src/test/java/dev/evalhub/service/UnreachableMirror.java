package dev.evalhub.service;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A mirror that is always due and whose source refuses connections ({@code 127.0.0.1:1}): every
 * scheduled refresh of it counts one attempt, which tells which instance refreshes.
 */
final class UnreachableMirror {

  private UnreachableMirror() {}

  /** Records the mirror in {@code hub}'s data folder. */
  static void record(EvalHub hub) {
    hub.storage()
        .mirrors()
        .create(
            new Mirror(
                "0123456789ab",
                "http://127.0.0.1:1",
                MirrorKind.GIT,
                List.of(RepoId.parsePath("alice/mirrored").orElseThrow()),
                Duration.ofMillis(1),
                "evalhub",
                Instant.now(),
                false));
  }
}
