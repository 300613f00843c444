package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The file browser at one revision (a branch, a tag, {@code refs/pr/N} or a commit): a folder's
 * entries, or one file's text ({@code text} is null for a file that is not UTF-8 text or too large
 * to show). Immutable.
 */
public record FilesView(
    Chrome chrome,
    String repoId,
    String repoPath,
    String revision,
    String commitId,
    String path,
    List<Entry> entries,
    boolean isFile,
    String text,
    long size) {

  public FilesView {
    entries = List.copyOf(entries);
  }

  /** One entry of a folder, with the link to its tree or blob page. */
  public record Entry(String name, String href, boolean folder, long size) {}

  /** The link to the raw bytes of the file, served by the {@code /resolve/} route. */
  public String rawHref() {
    return repoPath + "/resolve/" + revision + "/" + path;
  }
}
