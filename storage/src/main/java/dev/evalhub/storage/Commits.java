package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.storage.internal.ChangedFilesValidator;
import dev.evalhub.storage.internal.CrashPoint;
import dev.evalhub.storage.internal.MirrorMark;
import dev.evalhub.storage.internal.Quarantine;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.TreeBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Server-side commits: builds a commit from the branch's tree and a list of file changes without a
 * work tree, validates the changed files as a push would be, and moves the branch with a
 * compare-and-set on the parent. The new objects are written into a quarantine and land only when
 * the commit is valid and fits the repository's size quota, so that a refused commit leaves nothing
 * behind. Every commit made is appended to the {@link EventLog} and noted with its account (the
 * audit trail's author). Thread-safe.
 */
public final class Commits {

  private final Repositories repositories;
  private final EventLog events;
  private final EvalFormats formats;
  private final long maxRepoBytes;

  Commits(Repositories repositories, EventLog events, EvalFormats formats, long maxRepoBytes) {
    this.repositories = repositories;
    this.events = events;
    this.formats = formats;
    this.maxRepoBytes = maxRepoBytes;
  }

  /**
   * Makes {@code request} on the repository {@code repo} (as {@link Repositories#find} spells it).
   */
  public CommitResult commit(RepoId repo, CommitRequest request) {
    return commit(repo, request, false);
  }

  /**
   * {@link #commit(RepoId, CommitRequest)} on a read-only mirror (or any repository), as its
   * refresh does: the only server-side commit a mirror takes.
   */
  CommitResult commitAsMirror(RepoId repo, CommitRequest request) {
    return commit(repo, request, true);
  }

  /**
   * How many times a commit without an expected parent is built and its compare-and-set tried
   * before another writer's moves of the branch are answered as {@link
   * CommitResult.Status#PARENT_MISMATCH}.
   */
  static final int ATTEMPTS_WITHOUT_PARENT = 5;

  /**
   * A commit that names its parent is tried once: a moved branch is {@link
   * CommitResult.Status#PARENT_MISMATCH}. One that names none applies to whatever the branch holds,
   * as on the Hugging Face Hub: when another commit moved the branch between reading its head and
   * the compare-and-set, it is built again on the new head (its files validated on the new tree, so
   * that a clash with what landed meanwhile is answered as such), up to {@link
   * #ATTEMPTS_WITHOUT_PARENT} times.
   */
  private CommitResult commit(RepoId repo, CommitRequest request, boolean asMirror) {
    CommitResult result = attempt(repo, request, asMirror);
    for (int attempt = 1;
        attempt < ATTEMPTS_WITHOUT_PARENT
            && result.status() == CommitResult.Status.PARENT_MISMATCH
            && request.expectedParent().isEmpty();
        attempt++) {
      result = attempt(repo, request, asMirror);
    }
    return result;
  }

  private CommitResult attempt(RepoId repo, CommitRequest request, boolean asMirror) {
    String ref = request.ref().name();
    if (RefNames.isPullRequest(ref) || RefNames.isMagicFor(ref)) {
      return new CommitResult(CommitResult.Status.REFUSED, Optional.empty(), List.of());
    }
    try (Repository repository = repositories.open(repo);
        Quarantine quarantine = Quarantine.open(repository);
        ObjectReader reader = quarantine.repository().newObjectReader()) {
      if (!asMirror) {
        Optional<String> mirror = MirrorMark.refusal(repository);
        if (mirror.isPresent()) {
          throw HubException.forbidden(mirror.get());
        }
      }
      Ref current = repository.exactRef(ref);
      ObjectId head = current == null ? ObjectId.zeroId() : current.getObjectId();
      if (request.expectedParent().isPresent()
          && !ObjectId.fromString(request.expectedParent().get().hex()).equals(head)) {
        return new CommitResult(CommitResult.Status.PARENT_MISMATCH, Optional.empty(), List.of());
      }
      ObjectId parent = current == null ? null : head;
      PersonIdent author = author(request.actor());
      Prepared prepared = prepare(quarantine.repository(), reader, parent, request, formats);
      List<FileProblem> problems = prepared.problems();
      if (!prepared.isValid()) {
        return new CommitResult(CommitResult.Status.INVALID_FILES, Optional.empty(), problems);
      }
      land(quarantine, maxRepoBytes, repo);
      ObjectId commit = prepared.commit();
      CrashPoint.reached("commit-objects-inserted");
      RefWriter.Outcome outcome =
          (asMirror ? RefWriter.forMirror(repository) : new RefWriter(repository))
              .publish(
                  ref,
                  head,
                  commit,
                  "commit: " + request.message().lines().findFirst().orElse(""),
                  List.of(head),
                  new RefWriter.Publication(
                      events, repo, request.actor(), author.getWhenAsInstant()),
                  "commit-ref-updated");
      return outcome.isDone()
          ? new CommitResult(CommitResult.Status.COMMITTED, Optional.of(commit.name()), problems)
          : new CommitResult(CommitResult.Status.PARENT_MISMATCH, Optional.empty(), problems);
    } catch (IOException e) {
      throw new StorageException("cannot commit to " + repo, e);
    }
  }

  /**
   * The diagnostics of {@code files} as the first files of a repository: each one the hub reads is
   * validated.
   */
  List<FileProblem> validateNew(List<FileChange> files) {
    List<FileProblem> problems = new ArrayList<>();
    for (FileChange file : files) {
      // A file below a path the hub reads makes that path a folder.
      for (int slash = file.path().indexOf('/');
          slash > 0;
          slash = file.path().indexOf('/', slash + 1)) {
        String folder = file.path().substring(0, slash);
        if (FileKind.ofRepositoryPath(folder).isPresent()) {
          problems.add(FileProblem.ofEntry(folder, "must be a regular file (found a folder)"));
        }
      }
      Optional<FileKind> kind = FileKind.ofRepositoryPath(file.path());
      if (kind.isPresent() && file.streamed() != null) {
        problems.add(
            FileProblem.ofEntry(
                file.path(), "must be given as bytes to be validated, not streamed"));
      } else if (kind.isPresent() && file.content().isPresent()) {
        formats
            .read(kind.get(), file.content().get())
            .diagnostics()
            .forEach(diagnostic -> problems.add(new FileProblem(file.path(), diagnostic)));
      }
    }
    return problems;
  }

  /** A commit written to the object database but not yet on any ref, and its files' diagnostics. */
  record Prepared(ObjectId commit, List<FileProblem> problems) {
    boolean isValid() {
      return problems.stream().noneMatch(FileProblem::isError);
    }
  }

  /**
   * Writes the commit of {@code request} on {@code parent} (null: no parent) into {@code
   * repository} (a quarantine's, so that a refused commit leaves nothing) and validates the files
   * it changes as a push would; moves no ref. Shared by branch and pull-request commits.
   */
  static Prepared prepare(
      Repository repository,
      ObjectReader reader,
      ObjectId parent,
      CommitRequest request,
      EvalFormats formats)
      throws IOException {
    ObjectId commit =
        new TreeBuilder(repository)
            .commit(
                parent,
                changes(request),
                streamed(request),
                author(request.actor()),
                request.message());
    return new Prepared(
        commit, new ChangedFilesValidator(formats, reader).validate(parent, commit));
  }

  /**
   * Lands a prepared commit's objects from {@code quarantine} (where {@link #prepare} wrote them)
   * in the repository, before any ref points at them.
   *
   * @throws HubException {@link HubException.Kind#TOO_LARGE} when the repository would pass {@code
   *     maxRepoBytes}
   */
  static void land(Quarantine quarantine, long maxRepoBytes, RepoId repo) throws IOException {
    Optional<String> refusal = quarantine.land(maxRepoBytes, repo.toString());
    if (refusal.isPresent()) {
      throw new HubException(HubException.Kind.TOO_LARGE, refusal.get());
    }
  }

  /**
   * The identity the hub writes for an account: its name, at an address that cannot receive mail.
   */
  static PersonIdent author(AccountName account) {
    return new PersonIdent(account.name(), account.name() + "@users.evalhub.invalid");
  }

  private static Map<String, Optional<byte[]>> changes(CommitRequest request) {
    Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
    for (FileChange change : request.changes()) {
      if (change.streamed() == null) {
        changes.put(change.path(), change.content());
      }
    }
    return changes;
  }

  private static Map<String, FileChange.Streamed> streamed(CommitRequest request) {
    Map<String, FileChange.Streamed> streamed = new LinkedHashMap<>();
    for (FileChange change : request.changes()) {
      if (change.streamed() != null) {
        streamed.put(change.path(), change.streamed());
      }
    }
    return streamed;
  }
}
