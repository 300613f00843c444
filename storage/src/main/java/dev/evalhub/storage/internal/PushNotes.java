package dev.evalhub.storage.internal;

import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.notes.NoteMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Who brought each commit into a repository: a git note per commit on {@link RefNames#PUSH_NOTES},
 * {@code actor TAB time TAB ref}, written after an accepted push or a server-side commit. The audit
 * trail names this account, not the commit's author line (which anyone can write). The first note
 * of a commit stays. Not thread-safe; one per repository access (concurrent writers are handled by
 * compare-and-set and retries).
 */
public final class PushNotes {

  /** The account that brought a commit, when, and through which ref. Immutable. */
  public record Note(String actor, Instant time, String ref) {}

  /**
   * A push brings at most this many commits into the notes; older history stays attributed to its
   * authors.
   */
  private static final int MAX_COMMITS = 10_000;

  private final Repository repository;

  public PushNotes(Repository repository) {
    this.repository = repository;
  }

  /**
   * Notes every commit reachable from {@code newTip} and from none of {@code known} (the ref's old
   * commit, main) as brought by {@code actor}.
   */
  public void record(ObjectId newTip, List<ObjectId> known, String actor, Instant time, String ref)
      throws IOException {
    List<ObjectId> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(newTip));
      for (ObjectId id : known) {
        if (!id.equals(ObjectId.zeroId()) && repository.getObjectDatabase().has(id)) {
          walk.markUninteresting(walk.parseCommit(id));
        }
      }
      for (RevCommit commit : walk) {
        commits.add(commit.copy());
        if (commits.size() >= MAX_COMMITS) {
          break;
        }
      }
    }
    if (!commits.isEmpty()) {
      write(
          commits,
          actor + "\t" + time + "\t" + ref,
          new PersonIdent(actor, actor + "@users.evalhub.invalid"));
    }
  }

  /** All notes, read once: what a history walk consults for each commit. */
  public Reader reader() throws IOException {
    Ref ref = repository.exactRef(RefNames.PUSH_NOTES);
    ObjectReader objects = repository.newObjectReader();
    try (RevWalk walk = new RevWalk(objects)) {
      NoteMap map =
          ref == null
              ? NoteMap.newEmptyMap()
              : NoteMap.read(objects, walk.parseCommit(ref.getObjectId()));
      return new Reader(map, objects);
    }
  }

  /** Reads the notes of commits; close it after use. */
  public static final class Reader implements AutoCloseable {
    private final NoteMap map;
    private final ObjectReader objects;

    Reader(NoteMap map, ObjectReader objects) {
      this.map = map;
      this.objects = objects;
    }

    public Optional<Note> of(ObjectId commit) throws IOException {
      org.eclipse.jgit.notes.Note note = map.getNote(commit);
      if (note == null) {
        return Optional.empty();
      }
      String text =
          new String(objects.open(note.getData()).getCachedBytes(), StandardCharsets.UTF_8).strip();
      String[] parts = text.split("\t", -1);
      if (parts.length < 3) {
        return Optional.empty();
      }
      return Optional.of(new Note(parts[0], Instant.parse(parts[1]), parts[2]));
    }

    @Override
    public void close() {
      objects.close();
    }
  }

  private void write(List<ObjectId> commits, String text, PersonIdent ident) throws IOException {
    // A lost race: another push noted its commits first; read its notes and add ours on top.
    RetryPolicy.run(
        () -> tryWrite(commits, text, ident),
        attempts ->
            new StorageException(
                "cannot update the push notes: too many concurrent writers", null));
  }

  /**
   * One attempt: true when the notes hold every commit, empty when another writer moved them first.
   */
  private Optional<Boolean> tryWrite(List<ObjectId> commits, String text, PersonIdent ident)
      throws IOException {
    Ref ref = repository.exactRef(RefNames.PUSH_NOTES);
    ObjectId old = ref == null ? ObjectId.zeroId() : ref.getObjectId();
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit parent = ref == null ? null : walk.parseCommit(old);
      NoteMap map = parent == null ? NoteMap.newEmptyMap() : NoteMap.read(reader, parent);
      boolean changed = false;
      for (ObjectId commit : commits) {
        if (!map.contains(commit)) {
          map.set(
              commit,
              inserter.insert(Constants.OBJ_BLOB, (text + "\n").getBytes(StandardCharsets.UTF_8)));
          changed = true;
        }
      }
      if (!changed) {
        return Optional.of(true);
      }
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(map.writeTree(inserter));
      if (parent != null) {
        cb.setParentId(parent);
      }
      cb.setAuthor(ident);
      cb.setCommitter(ident);
      cb.setMessage("Notes: " + commits.size() + " commit(s) by " + ident.getName());
      ObjectId notes = inserter.insert(cb);
      inserter.flush();
      RefWriter.Outcome outcome =
          new RefWriter(repository).update(RefNames.PUSH_NOTES, old, notes, ident, "");
      return outcome.isDone() ? Optional.of(true) : Optional.empty();
    }
  }
}
