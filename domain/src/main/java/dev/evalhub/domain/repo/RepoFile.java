package dev.evalhub.domain.repo;

import java.util.Objects;

/** A file of a repository at a commit: its path, its git blob id and its bytes. Immutable. */
public record RepoFile(String path, String blobId, byte[] content) {

  public RepoFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(blobId, "blobId");
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public int size() {
    return content.length;
  }
}
