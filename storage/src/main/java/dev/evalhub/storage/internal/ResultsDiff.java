package dev.evalhub.storage.internal;

import dev.evalhub.domain.history.ResultKey;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The results a commit adds, changes or removes compared with its parent: the {@code .eval_results}
 * files that differ are read on both sides and compared entry by entry ({@link ResultKey}). A file
 * that does not parse holds no results, and so does an entry that is not a regular file. Not
 * thread-safe; one per history walk.
 */
public final class ResultsDiff {

  /** One result's value before and after (empty: absent). Immutable. */
  public record Change(ResultKey key, Optional<Double> oldValue, Optional<Double> newValue) {}

  /** A results file larger than this holds no results (the formats' limit is far below it). */
  private static final int MAX_READ_BYTES = 16 << 20;

  private final EvalFormats formats;
  private final ObjectReader reader;

  public ResultsDiff(EvalFormats formats, ObjectReader reader) {
    this.formats = formats;
    this.reader = reader;
  }

  public List<Change> between(RevCommit parent, RevCommit commit) throws IOException {
    List<Change> changes = new ArrayList<>();
    try (TreeWalk tree =
        ChangedPaths.walk(reader, parent == null ? null : parent.getTree(), commit.getTree())) {
      while (tree.next()) {
        String path = tree.getPathString();
        if (FileKind.ofRepositoryPath(path).filter(kind -> kind == FileKind.RESULTS).isEmpty()) {
          continue;
        }
        Map<ResultKey, Double> before = values(path, tree.getFileMode(0), tree.getObjectId(0));
        Map<ResultKey, Double> after = values(path, tree.getFileMode(1), tree.getObjectId(1));
        Set<ResultKey> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (ResultKey key : keys) {
          Optional<Double> old = Optional.ofNullable(before.get(key));
          Optional<Double> now = Optional.ofNullable(after.get(key));
          if (!old.equals(now)) {
            changes.add(new Change(key, old, now));
          }
        }
      }
    }
    return changes;
  }

  private Map<ResultKey, Double> values(String path, FileMode mode, ObjectId blob)
      throws IOException {
    Map<ResultKey, Double> values = new LinkedHashMap<>();
    // A submodule link or a symbolic link holds no results (pushes refuse them; older history may
    // have them).
    if (!EntryModes.isRegularFile(mode.getBits())) {
      return values;
    }
    Optional<ResultsFile> file;
    try {
      file = formats.readResults(reader.open(blob).getCachedBytes(MAX_READ_BYTES)).value();
    } catch (LargeObjectException e) {
      return values;
    }
    for (ResultEntry entry : file.map(ResultsFile::entries).orElse(List.of())) {
      values.put(
          new ResultKey(
              path,
              entry.dataset().id(),
              entry.dataset().taskId(),
              entry.notes() == null ? "" : entry.notes()),
          entry.value());
    }
    return values;
  }
}
