package dev.evalhub.storage.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.lib.Repository;

/**
 * How many bytes a repository's objects take on disk, which the per-repository quota ({@code
 * max-repo-bytes}) bounds: every file below {@code objects/} except the quarantines of writes in
 * progress. Stateless.
 */
public final class RepositorySize {

  private RepositorySize() {}

  /** The bytes of {@code repository}'s {@code objects/}, quarantines excluded. */
  public static long objectBytes(Repository repository) throws IOException {
    return bytesBelow(Quarantine.objectsOf(repository));
  }

  /** What a write that would exceed the quota is told. */
  public static String refusal(String repoName, long holding, long adding, long maxRepoBytes) {
    return repoName
        + " would hold "
        + (holding + adding)
        + " bytes with the "
        + adding
        + " bytes this write adds,"
        + " over its limit of "
        + maxRepoBytes
        + " bytes (max-repo-bytes)";
  }

  static long bytesBelow(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean quarantine =
                !dir.equals(root) && dir.getFileName().toString().startsWith(Quarantine.PREFIX);
            return quarantine ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            total[0] += attrs.size();
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // A file removed while counting (a finished quarantine, a repack) counts as nothing.
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return total[0];
  }
}
