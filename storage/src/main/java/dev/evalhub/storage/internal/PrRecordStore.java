package dev.evalhub.storage.internal;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads and writes discussion records on {@code refs/meta/pr/N} of one repository, NoteDb-style:
 * each change is one commit whose tree holds {@link PrRecordJson#FILE}, moved in with a
 * compare-and-set on the commit it was based on. A commit message that breaks {@link RecordText} is
 * refused before anything is written. Not thread-safe; one per repository access.
 */
public final class PrRecordStore {

  /**
   * A record and the record commit it was read from (the expected old value of the next update).
   */
  public record Loaded(PullRequest record, ObjectId commit) {}

  /** The outcome of a write, after {@link RefWriter.Outcome}. */
  public enum WriteResult {
    WRITTEN,
    /** Someone else moved (or, for a creation, created) the record first: re-read and try again. */
    LOST_RACE
  }

  private final Repository repository;

  public PrRecordStore(Repository repository) {
    this.repository = repository;
  }

  /** The numbers of every record of the repository, in no particular order. */
  public List<Integer> numbers() throws IOException {
    return repository.getRefDatabase().getRefsByPrefix(RefNames.PULL_REQUEST_RECORDS).stream()
        .map(ref -> RefNames.pullRequestRecordNumber(ref.getName()))
        .flatMap(Optional::stream)
        .toList();
  }

  public Optional<Loaded> read(PrNumber number) throws IOException {
    Ref ref = repository.exactRef(RefNames.pullRequestRecord(number.value()));
    if (ref == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      try (TreeWalk tree = TreeWalk.forPath(repository, PrRecordJson.FILE, commit.getTree())) {
        if (tree == null) {
          throw new StorageException(
              "record " + ref.getName() + " has no " + PrRecordJson.FILE, null);
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
        Ref head = repository.exactRef(RefNames.pullRequest(number.value()));
        Optional<String> headId =
            head == null ? Optional.empty() : Optional.of(head.getObjectId().name());
        return Optional.of(new Loaded(PrRecordJson.read(bytes).withHead(headId), commit.getId()));
      }
    }
  }

  /**
   * Writes {@code record} as one commit on its record ref, on top of {@code expected} (the zero id:
   * the record must not exist yet), by {@code actor} at the record's update time.
   */
  public WriteResult write(PullRequest record, ObjectId expected, PersonIdent actor, String message)
      throws IOException {
    String refName = RefNames.pullRequestRecord(record.number().value());
    RecordText.requireCommitMessage(message);
    ObjectId commit;
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, PrRecordJson.write(record));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      DirCacheEntry entry = new DirCacheEntry(PrRecordJson.FILE);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(blob);
      builder.add(entry);
      builder.finish();
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(index.writeTree(inserter));
      if (!expected.equals(ObjectId.zeroId())) {
        cb.setParentId(expected);
      }
      cb.setAuthor(actor);
      cb.setCommitter(actor);
      cb.setMessage(message);
      commit = inserter.insert(cb);
      inserter.flush();
    }
    RefWriter.Outcome outcome =
        new RefWriter(repository)
            .update(refName, expected, commit, actor, message.lines().findFirst().orElse(""));
    if (outcome == RefWriter.Outcome.UPDATED) {
      CrashPoint.reached("record-ref-updated");
    }
    return outcome.isDone() ? WriteResult.WRITTEN : WriteResult.LOST_RACE;
  }
}
