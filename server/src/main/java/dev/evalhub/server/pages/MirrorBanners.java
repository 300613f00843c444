package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.MirrorState;
import dev.evalhub.domain.mirror.MirrorStatus;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.service.MirrorService;
import java.util.Optional;

/**
 * The banner of a mirrored repository's pages: "A read-only mirror of URL, last refreshed TIME" and
 * the problem of its last refresh, if any ({@link MirrorService#mirrorOf}). Stateless.
 */
final class MirrorBanners {

  private final MirrorService mirrors;

  MirrorBanners(MirrorService mirrors) {
    this.mirrors = mirrors;
  }

  /** {@code chrome} with the banner of {@code repo} when it is a mirror the caller may read. */
  Chrome on(Chrome chrome, RepoId repo, Optional<Caller> caller) {
    Optional<String> origin;
    Optional<MirrorStatus> status;
    try {
      origin = mirrors.originOf(repo, caller);
      status = mirrors.mirrorOf(repo, caller);
    } catch (HubException e) {
      // Not found: the page itself says so.
      return chrome;
    }
    if (origin.isEmpty()) {
      return chrome;
    }
    StringBuilder text = new StringBuilder("A read-only mirror of " + origin.get());
    Optional<MirrorState.RepoState> state = status.flatMap(s -> s.state().of(repo));
    status
        .flatMap(s -> s.state().lastAttempt())
        .ifPresent(t -> text.append(", last refreshed ").append(Times.format(t)));
    state
        .flatMap(MirrorState.RepoState::lastChange)
        .ifPresent(t -> text.append(", last changed ").append(Times.format(t)));
    status.filter(s -> s.mirror().removed()).ifPresent(s -> text.append("; no longer refreshed"));
    state
        .flatMap(MirrorState.RepoState::problem)
        .ifPresent(p -> text.append(". Problem at the last refresh: ").append(p));
    return chrome.withBanner(text.toString());
  }
}
