package dev.evalhub.storage;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.repo.ChangedFile;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.storage.internal.PushNotes;
import dev.evalhub.storage.internal.RefReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What the SQL index reads of one repository, without any git type crossing into the index: ref
 * heads, the files the hub reads that changed between two commits (with the commit that last
 * changed each), a commit's header and one file at a commit. Opened by {@link Storage#reader},
 * closed by the caller. Reads only, never writes. Not thread-safe (one per use).
 */
public final class RepoReader implements AutoCloseable {

  private final Repository repository;

  RepoReader(Repository repository) {
    this.repository = repository;
  }

  /** The commit {@code ref} (a full ref name) points at; empty when the ref does not exist. */
  public Optional<CommitId> head(String ref) throws IOException {
    Ref current = repository.exactRef(ref);
    return current == null || current.getObjectId() == null
        ? Optional.empty()
        : Optional.of(new CommitId(current.getObjectId().name()));
  }

  /** The names of every pull request head ({@code refs/pr/N}) of the repository, sorted. */
  public Set<String> pullRequestHeads() throws IOException {
    Set<String> refs = new TreeSet<>();
    for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RefNames.PULL_REQUESTS)) {
      refs.add(ref.getName());
    }
    return refs;
  }

  /**
   * The files the hub reads ({@code FileKind.ofRepositoryPath}) that differ between {@code indexed}
   * (empty: nothing read yet, or a commit that is gone) and {@code head}, each with its content at
   * {@code head} and the newest commit of {@code head}'s first-parent chain that changed it. A read
   * path that is not a regular file is an IOException.
   */
  public List<ChangedFile> changes(Optional<CommitId> indexed, CommitId head) throws IOException {
    return new RefReader(repository)
        .changes(indexed.map(id -> ObjectId.fromString(id.hex())), ObjectId.fromString(head.hex()));
  }

  /**
   * The commit {@code id}'s author name and committer time; an IOException when it cannot be read.
   */
  public CommitInfo commit(CommitId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(id.hex()));
      return new CommitInfo(
          commit.name(), commit.getAuthorIdent().getName(), commit.getCommitTime() * 1000L);
    }
  }

  /**
   * The first parent of commit {@code id}; empty for a root commit. An IOException when it cannot
   * be read.
   */
  public Optional<CommitId> firstParent(CommitId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(id.hex()));
      return commit.getParentCount() == 0
          ? Optional.empty()
          : Optional.of(CommitId.parse(commit.getParent(0).name()));
    }
  }

  /**
   * The bytes of the file at {@code path} in commit {@code id}; empty when there is no such path.
   */
  public Optional<byte[]> file(CommitId id, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree =
            TreeWalk.forPath(
                repository, path, walk.parseCommit(ObjectId.fromString(id.hex())).getTree())) {
      return tree == null
          ? Optional.empty()
          : Optional.of(repository.open(tree.getObjectId(0)).getBytes());
    }
  }

  /**
   * The git object id (40 hex digits) and size in bytes of the file at {@code path} in commit
   * {@code id}, without reading it; empty when there is no such path.
   */
  public Optional<Blob> blob(CommitId id, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree =
            TreeWalk.forPath(
                repository, path, walk.parseCommit(ObjectId.fromString(id.hex())).getTree())) {
      if (tree == null) {
        return Optional.empty();
      }
      ObjectId blob = tree.getObjectId(0);
      return Optional.of(
          new Blob(blob.name(), repository.getObjectDatabase().open(blob).getSize()));
    }
  }

  /** A file's git object id (40 hex digits) and its size in bytes. */
  public record Blob(String id, long size) {}

  /** How many commits {@link #history} reads at most: older ones are not read. */
  public static final int MAX_HISTORY_COMMITS = 10_000;

  /**
   * Every version of the file at {@code path} on the first-parent line of {@code head}, newest
   * first: each commit (of the newest {@link #MAX_HISTORY_COMMITS}) whose file differs from its
   * first parent's (added, changed or removed), with the account the hub recorded for it (the push
   * note of the account that pushed or committed it; the commit's author for commits older than the
   * notes, as {@link ResultHistory} names them), its committer time, its message and the file's
   * bytes there (empty: removed). {@code truncated} says that older commits were not read: the
   * oldest version returned may then be no addition.
   */
  public PathHistory history(CommitId head, String path) throws IOException {
    List<PathVersion> versions = new java.util.ArrayList<>();
    boolean truncated = false;
    try (RevWalk walk = new RevWalk(repository);
        PushNotes.Reader notes = new PushNotes(repository).reader()) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(ObjectId.fromString(head.hex())));
      RevCommit newer = null;
      ObjectId newerBlob = null;
      int read = 0;
      for (RevCommit commit : walk) {
        ObjectId blob = blobId(commit, path);
        if (newer != null && !java.util.Objects.equals(blob, newerBlob)) {
          versions.add(version(newer, newerBlob, notes));
        }
        newer = commit;
        newerBlob = blob;
        if (++read >= MAX_HISTORY_COMMITS) {
          truncated = commit.getParentCount() > 0;
          break;
        }
      }
      if (newer != null && newerBlob != null) {
        versions.add(version(newer, newerBlob, notes));
      }
    }
    return new PathHistory(versions, truncated);
  }

  private ObjectId blobId(RevCommit commit, String path) throws IOException {
    try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
      return tree == null ? null : tree.getObjectId(0).copy();
    }
  }

  private PathVersion version(RevCommit commit, ObjectId blob, PushNotes.Reader notes)
      throws IOException {
    Optional<PushNotes.Note> note = notes.of(commit);
    return new PathVersion(
        commit.name(),
        note.map(PushNotes.Note::actor).orElse(commit.getAuthorIdent().getName()),
        commit.getCommitTime() * 1000L,
        commit.getFullMessage().strip(),
        blob == null ? Optional.empty() : Optional.of(repository.open(blob).getBytes()));
  }

  /** The versions of one file, newest first, and whether older commits were left unread. */
  public record PathHistory(List<PathVersion> versions, boolean truncated) {
    public PathHistory {
      versions = List.copyOf(versions);
    }
  }

  /**
   * One version of a file: the commit that made it, the account the hub recorded for that commit,
   * the commit's committer time (milliseconds since the epoch), its message and the file's bytes
   * (empty: the commit removed the file).
   */
  public record PathVersion(
      String commitId, String account, long timeMillis, String message, Optional<byte[]> content) {}

  @Override
  public void close() {
    repository.close();
  }
}
