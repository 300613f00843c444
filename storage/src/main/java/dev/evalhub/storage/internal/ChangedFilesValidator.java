package dev.evalhub.storage.internal;

import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Validates the files that a move from one commit to another adds or changes, among those evalhub
 * reads ({@link FileKind#ofRepositoryPath}): each must be a regular file (a submodule link, a
 * symbolic link or a folder at such a path is an error, {@link EntryModes}) whose content its
 * format accepts. Files left as they were are not read again: a push is judged by what it brings.
 * Not thread-safe; one per push.
 */
public final class ChangedFilesValidator {

  /** Blobs larger than this are not read into memory; the formats' own limit is far below it. */
  private static final long MAX_READ_BYTES = 16L << 20;

  private final EvalFormats formats;
  private final ObjectReader reader;

  public ChangedFilesValidator(EvalFormats formats, ObjectReader reader) {
    this.formats = formats;
    this.reader = reader;
  }

  /**
   * The diagnostics of the files changed from {@code oldCommit} (null: every file) to {@code
   * newCommit}.
   */
  public List<FileProblem> validate(ObjectId oldCommit, ObjectId newCommit) throws IOException {
    List<FileProblem> problems = new ArrayList<>();
    try (RevWalk walk = new RevWalk(reader);
        TreeWalk tree =
            ChangedPaths.walk(
                reader,
                oldCommit == null ? null : walk.parseCommit(oldCommit).getTree(),
                walk.parseCommit(newCommit).getTree())) {
      // Folders are entered by hand, so that a folder standing where a file is read is seen as an
      // entry.
      tree.setRecursive(false);
      while (tree.next()) {
        String path = tree.getPathString();
        Optional<FileKind> kind = FileKind.ofRepositoryPath(path);
        int mode = tree.getRawMode(1);
        if (kind.isPresent()) {
          Optional<String> entryProblem = EntryModes.problem(mode);
          if (entryProblem.isPresent()) {
            problems.add(FileProblem.ofEntry(path, entryProblem.get()));
          } else if (mode != 0) {
            validateContent(path, kind.get(), tree.getObjectId(1), problems);
          }
        }
        if (tree.isSubtree()) {
          tree.enterSubtree();
        }
      }
    }
    return problems;
  }

  private void validateContent(
      String path, FileKind kind, ObjectId blob, List<FileProblem> problems) throws IOException {
    byte[] content;
    try {
      content = reader.open(blob).getCachedBytes((int) MAX_READ_BYTES);
    } catch (LargeObjectException e) {
      problems.add(
          new FileProblem(
              path, Diagnostic.error(1, 1, "", "the file is too large to be validated")));
      return;
    }
    for (Diagnostic diagnostic : formats.read(kind, content).diagnostics()) {
      problems.add(new FileProblem(path, diagnostic));
    }
  }
}
