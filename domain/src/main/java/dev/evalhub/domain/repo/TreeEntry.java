package dev.evalhub.domain.repo;

import java.util.Objects;

/**
 * One entry of a repository's tree at a commit: a file (its blob id and size) or a directory (its
 * tree id, size 0), with its path from the repository's root. Immutable.
 */
public record TreeEntry(Type type, String path, String objectId, long size) {

  /** What the entry is; the Hub's JSON calls them {@code file} and {@code directory}. */
  public enum Type {
    FILE,
    DIRECTORY
  }

  public TreeEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(objectId, "objectId");
  }
}
