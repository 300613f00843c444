package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoFile;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.FilesView;
import dev.evalhub.service.ContentService;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Builds the file browser's pages through {@link ContentService}, which checks the visibility.
 * Thread-safe.
 */
final class FilePages {

  /** Larger files are linked, not shown: a page stays fast. */
  static final int MAX_SHOWN_BYTES = 512 * 1024;

  private final ContentService contents;

  FilePages(ContentService contents) {
    this.contents = contents;
  }

  FilesView tree(
      Chrome chrome, RepoId repo, String revision, String path, Optional<Caller> caller) {
    RepoRevision at = resolve(repo, revision, caller);
    List<TreeEntry> entries =
        contents
            .tree(at, path, false, caller)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.ENTRY_NOT_FOUND,
                        "no folder " + path + " at " + revision));
    String base = "/" + repo.urlPath();
    return new FilesView(
        chrome,
        repo.fullName(),
        base,
        revision,
        at.commitId(),
        path,
        entries.stream()
            .map(
                e ->
                    new FilesView.Entry(
                        name(e.path()),
                        base
                            + (e.type() == TreeEntry.Type.DIRECTORY ? "/tree/" : "/blob/")
                            + revision
                            + "/"
                            + e.path(),
                        e.type() == TreeEntry.Type.DIRECTORY,
                        e.size()))
            .toList(),
        false,
        null,
        0);
  }

  FilesView blob(
      Chrome chrome, RepoId repo, String revision, String path, Optional<Caller> caller) {
    RepoRevision at = resolve(repo, revision, caller);
    RepoFile file =
        contents
            .file(at, path, caller)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.ENTRY_NOT_FOUND, "no file " + path + " at " + revision));
    return new FilesView(
        chrome,
        repo.fullName(),
        "/" + repo.urlPath(),
        revision,
        at.commitId(),
        path,
        List.of(),
        true,
        text(file),
        file.size());
  }

  private RepoRevision resolve(RepoId repo, String revision, Optional<Caller> caller) {
    return contents
        .find(repo, revision, caller)
        .orElseThrow(
            () ->
                new HubException(
                    HubException.Kind.REVISION_NOT_FOUND,
                    "no revision " + revision + " in " + repo.fullName()));
  }

  private static String text(RepoFile file) {
    if (file.size() > MAX_SHOWN_BYTES) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(file.content()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
