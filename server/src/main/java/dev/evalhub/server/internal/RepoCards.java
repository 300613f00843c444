package dev.evalhub.server.internal;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.RepoContents;
import dev.evalhub.storage.RepoId;
import dev.evalhub.storage.TreeEntry;
import java.util.List;
import java.util.Optional;

/**
 * Reads repository cards ({@code README.md} front matter) for the API, with a bounded cache keyed by the README's
 * blob id: a blob's content never changes, so one read serves every repository and revision that holds it, and a
 * listing of many repositories parses only the cards it has not seen. The cache keeps at most
 * {@value #MAX_ENTRIES} cards and {@value #MAX_WEIGHT_BYTES} bytes of READMEs; a README over
 * {@value #MAX_CACHED_BYTES} bytes is read every time. Thread-safe.
 */
final class RepoCards {

  static final int MAX_ENTRIES = 2_000;
  static final long MAX_WEIGHT_BYTES = 32L << 20;
  static final long MAX_CACHED_BYTES = 2L << 20;

  /** One cache for the process: entries depend only on blob content, never on a repository or a caller. */
  private static final WeighedLru<String, RepoCard> CACHE =
      new WeighedLru<>(MAX_ENTRIES, MAX_WEIGHT_BYTES, MAX_CACHED_BYTES);

  private final RepoContents contents;
  private final EvalFormats formats;

  RepoCards(RepoContents contents) {
    this.contents = contents;
    this.formats = EvalFormats.standard();
  }

  /** The card of {@code repo} at {@code commitId}, whose root folder holds {@code rootEntries}. */
  RepoCard card(RepoId repo, String commitId, List<TreeEntry> rootEntries) {
    Optional<TreeEntry> readme = rootEntries.stream()
        .filter(e -> e.type() == TreeEntry.Type.FILE && e.path().equals("README.md")).findFirst();
    if (readme.isEmpty()) {
      return RepoCard.NONE;
    }
    String blob = readme.get().objectId();
    Optional<RepoCard> hit = CACHE.get(blob);
    if (hit.isPresent()) {
      return hit.get();
    }
    RepoCard card = contents.file(repo, commitId, "README.md")
        .map(file -> RepoCard.of(formats.readCardData(file.content()))).orElse(RepoCard.NONE);
    CACHE.put(blob, card, readme.get().size());
    return card;
  }
}
