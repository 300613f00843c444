package dev.evalhub.domain;

import java.util.Objects;

/**
 * A full git ref name such as {@code refs/heads/main} or {@code refs/pr/3}: it starts with {@code refs/} and holds
 * no control character, space or any of {@code ~^:?*[\}. What each namespace means is {@code RefNames}' business
 * (storage); this type only says "a ref", so that a ref is never passed where a branch name or a path is meant.
 * Immutable.
 */
public record RefName(String name) {

  public RefName {
    Objects.requireNonNull(name, "name");
    if (!name.startsWith("refs/") || name.length() == "refs/".length() || name.endsWith("/")
        || name.contains("//") || name.contains("..") || name.endsWith(".lock")
        || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0)) {
      throw HubException.invalid("\"" + name + "\" is not a full ref name (refs/...)");
    }
  }

  /** The ref of branch {@code branch}: {@code refs/heads/BRANCH}. */
  public static RefName branch(String branch) {
    return new RefName("refs/heads/" + branch);
  }

  /**
   * How many leading {@code /}-separated segments of an unencoded {@code REVISION/PATH} string (as URLs carry it)
   * the revision takes: three for a full ref ({@code refs/pr/1/dir/file}), else one (a branch, tag or commit id).
   */
  public static int revisionSegments(String revisionAndPath) {
    return revisionAndPath.startsWith("refs/") ? 3 : 1;
  }

  @Override
  public String toString() {
    return name;
  }
}
