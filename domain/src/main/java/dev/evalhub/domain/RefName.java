package dev.evalhub.domain;

import java.util.Objects;

/**
 * A full git ref name such as {@code refs/heads/main} or {@code refs/pr/3}: it starts with {@code
 * refs/} and holds no control character, space or any of {@code ~^:?*[\}; or {@link #HEAD}, the
 * symbolic ref every repository has (the event log names it among the refs of a deleted
 * repository). What each namespace means is {@code RefNames}' business (storage); this type only
 * says "a ref", so that a ref is never passed where a branch name or a path is meant. Immutable.
 */
public record RefName(String name) {

  /** {@code HEAD}, the symbolic ref of a repository (its default branch). */
  public static final RefName HEAD = new RefName("HEAD");

  public RefName {
    Objects.requireNonNull(name, "name");
    boolean full =
        name.startsWith("refs/")
            && name.length() > "refs/".length()
            && !name.endsWith("/")
            && !name.contains("//")
            && !name.contains("..")
            && !name.endsWith(".lock")
            && name.chars().noneMatch(c -> c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0);
    if (!full && !name.equals("HEAD")) {
      throw HubException.invalid("\"" + name + "\" is not a full ref name (refs/... or HEAD)");
    }
  }

  /** The ref of branch {@code branch}: {@code refs/heads/BRANCH}. */
  public static RefName branch(String branch) {
    return new RefName("refs/heads/" + branch);
  }

  /**
   * How many leading {@code /}-separated segments of an unencoded {@code REVISION/PATH} string (as
   * URLs carry it) the revision takes: three for a full ref ({@code refs/pr/1/dir/file}), else one
   * (a branch, tag or commit id).
   */
  public static int revisionSegments(String revisionAndPath) {
    return revisionAndPath.startsWith("refs/") ? 3 : 1;
  }

  @Override
  public String toString() {
    return name;
  }
}
