package dev.evalhub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes objects and moves refs of a (bare) repository straight with JGit, without a work tree or
 * any of the hub's checks, in the manner of JGit's {@code TestRepository}: what a repository from
 * before a rule, a hostile client or a crashed disk may hold. Trees may carry gitlinks, symbolic
 * links, folders where a file is expected and odd modes JGit's own builders would normalise ({@link
 * #rawTree}).
 *
 * <pre>{@code
 * TestRepository repo = new TestRepository(repository);
 * RefMove move = repo.branch(Constants.R_HEADS + "main").commit()
 *     .gitlink(".eval_results/x.yaml", TestRepository.NOWHERE).author("mallory").create();
 * }</pre>
 *
 * <p>The caller keeps ownership of the {@link Repository}; nothing here appends the hub's ref
 * events (do that with the returned {@link RefMove}). Not thread-safe.
 */
public final class TestRepository {

  /** An object id no repository holds: a submodule's commit, a missing blob. */
  public static final ObjectId NOWHERE =
      ObjectId.fromString("1111111111111111111111111111111111111111");

  private final Repository repository;

  public TestRepository(Repository repository) {
    this.repository = repository;
  }

  /** The JGit repository written to. */
  public Repository repository() {
    return repository;
  }

  /** Writes a blob of {@code content} (UTF-8); returns its id. */
  public ObjectId blob(String content) {
    return blob(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a blob of {@code content}; returns its id. */
  public ObjectId blob(byte[] content) {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId id = inserter.insert(Constants.OBJ_BLOB, content);
      inserter.flush();
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit {@code ref} points at, if it exists. */
  public Optional<ObjectId> tip(String ref) {
    try {
      return Optional.ofNullable(repository.exactRef(ref)).map(Ref::getObjectId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A commit on no branch, with no parent and an empty tree unless told otherwise. */
  public Commit commit() {
    return new Commit(null);
  }

  /** The branch (any ref) {@code ref}: commits on its tip, and moves it. */
  public Branch branch(String ref) {
    return new Branch(ref);
  }

  /** A tree written byte by byte, its entries as given (modes unchecked, order unchanged). */
  public RawTree rawTree() {
    return new RawTree();
  }

  /** A move of {@code ref} from {@code oldId} (the zero id when it was new) to {@code newId}. */
  public record RefMove(String ref, ObjectId oldId, ObjectId newId) {}

  /** A ref of the repository. */
  public final class Branch {

    private final String ref;

    private Branch(String ref) {
      this.ref = ref;
    }

    /**
     * A commit whose parent and starting tree are this branch's tip; {@link Commit#create} moves
     * the branch.
     */
    public Commit commit() {
      Commit commit = new Commit(this);
      tip(ref).ifPresent(commit::parent);
      return commit;
    }

    /**
     * Moves this ref to {@code id} (compare and set against its current value, fast-forward or
     * not); returns the move. JGit refuses to point a ref at a missing object: use {@link #pointAt}
     * for that.
     */
    public RefMove update(ObjectId id) {
      ObjectId old = tip(ref).orElse(ObjectId.zeroId());
      try {
        RefUpdate update = repository.updateRef(ref);
        update.setExpectedOldObjectId(old);
        update.setNewObjectId(id);
        RefUpdate.Result result = update.forceUpdate();
        if (result != RefUpdate.Result.NEW
            && result != RefUpdate.Result.FORCED
            && result != RefUpdate.Result.FAST_FORWARD) {
          throw new IllegalStateException(
              "cannot move " + ref + " to " + id.name() + ": " + result);
        }
        return new RefMove(ref, old, id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Writes the loose ref file of this existing ref with {@code id}, whatever it names (a missing
     * object, a blob), as a crashed disk may leave it; returns the move.
     */
    public RefMove pointAt(ObjectId id) {
      ObjectId old = tip(ref).orElseThrow(() -> new IllegalStateException(ref + " does not exist"));
      try {
        Files.writeString(repository.getDirectory().toPath().resolve(ref), id.name() + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new RefMove(ref, old, id);
    }
  }

  /**
   * A commit being built: its tree as edits on the parent's tree (or on an empty one), its author
   * and message.
   */
  public final class Commit {

    private final Branch branch;
    private final List<DirCacheEditor.PathEdit> edits = new ArrayList<>();
    private ObjectId parent;
    private ObjectId tree;
    private boolean fromEmptyTree;
    private PersonIdent author = new PersonIdent("Test User", "test@example.invalid");
    private String message = "test commit";

    private Commit(Branch branch) {
      this.branch = branch;
    }

    /** Sets the parent, whose tree the edits start from (unless {@link #emptyTree}). */
    public Commit parent(ObjectId parent) {
      this.parent = parent;
      return this;
    }

    /**
     * Starts the edits from an empty tree instead of the parent's: the tree is exactly the entries
     * added.
     */
    public Commit emptyTree() {
      this.fromEmptyTree = true;
      return this;
    }

    /** Uses {@code tree} as it is (for a {@link RawTree}); edits are then not allowed. */
    public Commit tree(ObjectId tree) {
      this.tree = tree;
      return this;
    }

    /** Adds or replaces {@code path} with a regular file of {@code content} (UTF-8). */
    public Commit add(String path, String content) {
      return entry(path, FileMode.REGULAR_FILE, blob(content));
    }

    /** Adds or replaces {@code path} with a gitlink (a submodule) to {@code commit}. */
    public Commit gitlink(String path, ObjectId commit) {
      return entry(path, FileMode.GITLINK, commit);
    }

    /** Adds or replaces {@code path} with a symbolic link to {@code target}. */
    public Commit symlink(String path, String target) {
      return entry(path, FileMode.SYMLINK, blob(target));
    }

    /**
     * Adds or replaces {@code path} with an entry of {@code mode} naming {@code id}, which need not
     * exist.
     */
    public Commit entry(String path, FileMode mode, ObjectId id) {
      edits.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(mode);
              entry.setObjectId(id);
            }
          });
      return this;
    }

    /** Removes {@code path}. */
    public Commit rm(String path) {
      edits.add(new DirCacheEditor.DeletePath(path));
      return this;
    }

    /** Authors (and commits) as {@code name} with the address {@code name@example.invalid}. */
    public Commit author(String name) {
      return author(name, name + "@example.invalid");
    }

    /** Authors (and commits) as {@code name} {@code <email>}. */
    public Commit author(String name, String email) {
      this.author = new PersonIdent(name, email);
      return this;
    }

    public Commit message(String message) {
      this.message = message;
      return this;
    }

    /**
     * Writes the commit and, when built on a {@link Branch}, moves the branch there; returns the
     * move.
     */
    public RefMove create() {
      ObjectId id = write();
      return branch == null ? new RefMove("", ObjectId.zeroId(), id) : branch.update(id);
    }

    /** Writes the commit only (no ref moves); returns its id. */
    public ObjectId write() {
      try (ObjectInserter inserter = repository.newObjectInserter();
          ObjectReader reader = repository.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree != null ? tree : writeTree(inserter, reader, walk));
        if (parent != null) {
          commit.setParentId(parent);
        }
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private ObjectId writeTree(ObjectInserter inserter, ObjectReader reader, RevWalk walk)
        throws IOException {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      if (parent != null && !fromEmptyTree) {
        RevCommit parentCommit = walk.parseCommit(parent);
        builder.addTree(new byte[0], 0, reader, parentCommit.getTree());
      }
      builder.finish();
      DirCacheEditor editor = index.editor();
      edits.forEach(editor::add);
      editor.finish();
      return index.writeTree(inserter);
    }
  }

  /**
   * A tree object written entry by entry as given: modes such as {@code 100664} that JGit would
   * normalise.
   */
  public final class RawTree {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private RawTree() {}

    /**
     * Appends the entry {@code mode name} naming {@code id} (mode in octal as git writes it, e.g.
     * "40000").
     */
    public RawTree entry(String mode, String name, ObjectId id) {
      bytes.writeBytes((mode + " " + name + "\0").getBytes(StandardCharsets.UTF_8));
      byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
      id.copyRawTo(raw, 0);
      bytes.writeBytes(raw);
      return this;
    }

    /** Writes the tree; returns its id. */
    public ObjectId write() {
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        ObjectId id = inserter.insert(Constants.OBJ_TREE, bytes.toByteArray());
        inserter.flush();
        return id;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
