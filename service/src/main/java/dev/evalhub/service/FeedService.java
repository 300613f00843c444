package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The change feeds: the newest events of the hub, of a benchmark (its own events and the results
 * that name it) and of a model, newest first, at most {@link #ENTRIES}. Served from a bounded tail
 * in memory — the events derived from the last ref events ({@link #TAIL} at most, the last {@link
 * #FIRST_FILL} ref events derived at the first request) — brought up to date when the event log
 * changed, so that a request never reads the whole log. Private repositories never appear in the
 * hub's feed; a repository's feed needs read access to it (not found otherwise), and a benchmark's
 * lists results of the models the caller can read. Thread-safe.
 */
public final class FeedService {

  /** The most entries of one feed. */
  public static final int ENTRIES = 50;

  /** The most events kept in memory. */
  public static final int TAIL = 5000;

  /** How many of the last ref events are derived when the tail is first filled. */
  public static final int FIRST_FILL = 500;

  private final Storage storage;
  private final Permissions permissions;
  private final Deque<HubEvent> tail = new ArrayDeque<>();
  private long lastSequence = -1;
  private String seenStamp;

  /** A feed: what it is about (empty: the hub) and its entries, newest first. Immutable. */
  public record Feed(Optional<RepoInfo> repo, List<HubEvent> entries) {
    public Feed {
      entries = List.copyOf(entries);
    }
  }

  FeedService(Storage storage, Permissions permissions) {
    this.storage = storage;
    this.permissions = permissions;
  }

  /** The hub's feed: the newest events of public repositories. */
  public Feed hub() {
    return new Feed(
        Optional.empty(),
        newest(
            event ->
                storage.repositories().find(event.repo()).map(r -> !r.isPrivate()).orElse(false)));
  }

  /**
   * The feed of {@code repo}: its events and, for a benchmark, the result events of readable models
   * that name it.
   *
   * @throws dev.evalhub.domain.HubException REPO_NOT_FOUND when the caller cannot read it
   */
  public Feed of(dev.evalhub.domain.RepoId repo, Optional<Caller> caller) {
    RepoInfo info = permissions.readable(repo, caller);
    String name = info.id().fullName();
    return new Feed(
        Optional.of(info),
        newest(
            event -> {
              if (event.repo().urlPath().equalsIgnoreCase(info.id().urlPath())) {
                return true;
              }
              return info.id().type() == RepoType.DATASET
                  && event.repo().type() == RepoType.MODEL
                  && event.namesDataset(name)
                  && storage
                      .repositories()
                      .find(event.repo())
                      .map(model -> permissions.canRead(caller, model))
                      .orElse(false);
            }));
  }

  private List<HubEvent> newest(java.util.function.Predicate<HubEvent> shown) {
    List<HubEvent> snapshot;
    synchronized (this) {
      refresh();
      snapshot = new ArrayList<>(tail);
    }
    List<HubEvent> entries = new ArrayList<>();
    for (int i = snapshot.size() - 1; i >= 0 && entries.size() < ENTRIES; i--) {
      HubEvent event = snapshot.get(i);
      if (event.kind() != HubEvent.Kind.CONTENT_UPDATED && shown.test(event)) {
        entries.add(event);
      }
    }
    return entries;
  }

  /** Appends the events of the ref events appended since the last look. Holds the lock. */
  private void refresh() {
    String stamp = storage.events().stamp();
    if (stamp.equals(seenStamp)) {
      return;
    }
    List<RefEvent> events = storage.events().readAfter(Math.max(0, lastSequence));
    int from = lastSequence < 0 ? Math.max(0, events.size() - FIRST_FILL) : 0;
    for (RefEvent event : events.subList(from, events.size())) {
      try {
        tail.addAll(storage.hubEvents().derive(event));
      } catch (RuntimeException e) {
        // One event that cannot be read must not stop the feed; the webhooks' worker retries.
        org.slf4j.LoggerFactory.getLogger(FeedService.class)
            .warn("the feed skips ref event {}: {}", event.sequence(), e.getMessage());
      }
      lastSequence = event.sequence();
    }
    if (lastSequence < 0) {
      lastSequence = 0;
    }
    for (Iterator<HubEvent> it = tail.iterator(); tail.size() > TAIL && it.hasNext(); ) {
      it.next();
      it.remove();
    }
    seenStamp = stamp;
  }
}
