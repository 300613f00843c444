package dev.evalhub.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.service.ContentService;
import java.util.List;
import java.util.Optional;

/**
 * Reads repository cards ({@code README.md} front matter) for the API, with a bounded cache keyed
 * by the README's blob id: a blob's content never changes, so one read serves every repository and
 * revision that holds it, and a listing of many repositories parses only the cards it has not seen.
 * The cache keeps at most {@value #MAX_ENTRIES} cards and {@value #MAX_WEIGHT_BYTES} bytes of
 * READMEs; a README over {@value #MAX_CACHED_BYTES} bytes is read every time. Thread-safe.
 */
final class RepoCards {

  static final int MAX_ENTRIES = 2_000;
  static final long MAX_WEIGHT_BYTES = 32L << 20;
  static final long MAX_CACHED_BYTES = 2L << 20;

  /** A cached card and the size of the README it was read from. */
  record Weighed(RepoCard card, long readmeBytes) {}

  /**
   * One cache for the process: entries depend only on blob content, never on a repository or a
   * caller.
   */
  private static final Cache<String, Weighed> CACHE = newCache();

  /**
   * The cache's bounds: every card weighs at least its share of the byte bound, which bounds the
   * count too.
   */
  static Cache<String, Weighed> newCache() {
    return Caffeine.newBuilder()
        .maximumWeight(MAX_WEIGHT_BYTES)
        .weigher(
            (String blob, Weighed cached) ->
                (int) Math.max(MAX_WEIGHT_BYTES / MAX_ENTRIES, cached.readmeBytes()))
        .executor(Runnable::run)
        .build();
  }

  private final ContentService contents;
  private final EvalFormats formats;

  RepoCards(ContentService contents) {
    this.contents = contents;
    this.formats = EvalFormats.standard();
  }

  /**
   * The card of the repository at {@code at}, whose root folder holds {@code rootEntries}, read for
   * {@code caller}.
   */
  RepoCard card(RepoRevision at, List<TreeEntry> rootEntries, Optional<Caller> caller) {
    Optional<TreeEntry> readme =
        rootEntries.stream()
            .filter(e -> e.type() == TreeEntry.Type.FILE && e.path().equals("README.md"))
            .findFirst();
    if (readme.isEmpty()) {
      return RepoCard.NONE;
    }
    String blob = readme.get().objectId();
    Weighed hit = CACHE.getIfPresent(blob);
    if (hit != null) {
      return hit.card();
    }
    RepoCard card =
        contents
            .file(at, "README.md", caller)
            .map(file -> RepoCard.of(formats.readCardData(file.content())))
            .orElse(RepoCard.NONE);
    if (readme.get().size() <= MAX_CACHED_BYTES) {
      CACHE.put(blob, new Weighed(card, readme.get().size()));
    }
    return card;
  }
}
