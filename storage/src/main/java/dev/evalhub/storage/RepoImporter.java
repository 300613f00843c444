package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.internal.ChangedFilesValidator;
import dev.evalhub.storage.internal.MirrorFetch;
import dev.evalhub.storage.internal.MirrorMark;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RepositorySize;
import dev.evalhub.storage.internal.WriteSections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * One import of an existing git repository into a new hub repository: fetched with JGit (objects
 * checked) into a staging repository that no lookup sees, its default branch made {@code main}, the
 * read files at the tip validated and the size checked against the quota, then moved into place in
 * one rename and announced by an event. Any refusal deletes the staging repository, so that nothing
 * is created. Not thread-safe; one per import.
 */
final class RepoImporter {

  private final Repositories repositories;
  private final EventLog events;
  private final StorageOptions options;

  RepoImporter(Repositories repositories, EventLog events, StorageOptions options) {
    this.repositories = repositories;
    this.events = events;
    this.options = options;
  }

  ImportedRepository run(RepoId id, boolean isPrivate, String source, String actor) {
    return run(id, isPrivate, source, actor, Optional.empty(), 0, Duration.ZERO);
  }

  /**
   * The public read-only mirror {@code id} of {@code origin}, created from the {@code main} of the
   * git repository at {@code gitUrl} ({@link MirrorFetch}: no redirect followed, each network read
   * within {@code timeoutSeconds}, the whole fetch within {@code total}, the streamed objects
   * within {@code max-pack-bytes}); marked before it is moved into place, so that the index sees it
   * as one from its first event.
   *
   * @throws HubException INVALID when the source has no {@code main} or cannot be fetched
   */
  ImportedRepository runMirror(
      RepoId id, String gitUrl, String actor, String origin, int timeoutSeconds, Duration total) {
    return run(id, false, gitUrl, actor, Optional.of(origin), timeoutSeconds, total);
  }

  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  private ImportedRepository run(
      RepoId id,
      boolean isPrivate,
      String source,
      String actor,
      Optional<String> mirrorOf,
      int timeoutSeconds,
      Duration total) {
    Path staged;
    try {
      staged = repositories.stage(isPrivate);
    } catch (IOException e) {
      throw new StorageException("cannot prepare the import of " + id, e);
    }
    boolean installed = false;
    try {
      Imported imported =
          mirrorOf.isPresent()
              ? fillMirror(staged, source, id, mirrorOf.get(), timeoutSeconds, total)
              : fill(staged, source, id);
      try (WriteSections.Section writing = WriteSections.begin()) {
        RepoInfo repo = repositories.install(staged, id, isPrivate);
        installed = true;
        events.append(
            List.of(
                new RefEvent.Pending(
                    repo.id(),
                    new RefName(RefNames.MAIN),
                    CommitId.ZERO,
                    CommitId.parse(imported.head()),
                    new AccountName(actor))));
        return new ImportedRepository(repo, imported.head(), imported.branch(), imported.commits());
      }
    } finally {
      if (!installed) {
        try {
          Repositories.deleteTree(staged);
        } catch (IOException e) {
          // Left in repos/.staging, which nothing reads; an operator may delete it.
        }
      }
    }
  }

  private record Imported(String head, String branch, int commits) {}

  private Imported fillMirror(
      Path staged, String gitUrl, RepoId id, String origin, int timeoutSeconds, Duration total) {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(staged.toFile()).setMustExist(true).build()) {
      MirrorMark.mark(repository, origin);
      MirrorFetch.refuseRedirects(repository);
      ObjectId head =
          MirrorFetch.fetchMain(repository, gitUrl, timeoutSeconds, total, options.maxPackBytes());
      RefWriter.forMirror(repository)
          .update(
              RefNames.MAIN,
              ObjectId.zeroId(),
              head,
              new PersonIdent(MirrorCopies.ACTOR, MirrorCopies.ACTOR + "@evalhub"),
              "mirror: created from " + gitUrl);
      validate(repository, head, id);
      int commits = count(repository, head);
      Files.deleteIfExists(staged.resolve(Constants.FETCH_HEAD));
      return new Imported(head.name(), "main", commits);
    } catch (IOException e) {
      throw new StorageException("cannot create the mirror " + id + " of " + origin, e);
    }
  }

  private Imported fill(Path staged, String source, RepoId id) {
    try (Repository repository =
            new FileRepositoryBuilder().setGitDir(staged.toFile()).setMustExist(true).build();
        Git git = Git.wrap(repository)) {
      String uri = uriOf(source);
      String branch = defaultBranch(uri, 0);
      git.fetch()
          .setRemote(uri)
          .setRefSpecs(new RefSpec("+" + branch + ":" + RefNames.MAIN))
          .setTagOpt(TagOpt.NO_TAGS)
          .setCheckFetchedObjects(true)
          .call();
      Ref main = repository.exactRef(RefNames.MAIN);
      if (main == null) {
        throw HubException.invalid(source + " has no commits on " + branch);
      }
      ObjectId head = main.getObjectId();
      validate(repository, head, id);
      int commits = count(repository, head);
      // The fetch wrote FETCH_HEAD, which a hub repository never holds.
      Files.deleteIfExists(staged.resolve(Constants.FETCH_HEAD));
      return new Imported(head.name(), Repository.shortenRefName(branch), commits);
    } catch (GitAPIException | org.eclipse.jgit.errors.TransportException e) {
      throw HubException.invalid("cannot fetch " + source + ": " + e.getMessage());
    } catch (IOException e) {
      throw new StorageException("cannot import " + source, e);
    }
  }

  private void validate(Repository repository, ObjectId head, RepoId id) throws IOException {
    try (ObjectReader reader = repository.newObjectReader()) {
      List<FileProblem> problems =
          new ChangedFilesValidator(options.formats(), reader).validate(null, head);
      if (problems.stream().anyMatch(FileProblem::isError)) {
        throw HubException.invalid(
            "the files at the tip do not validate:\n" + FileProblem.describeErrors(problems));
      }
    }
    long bytes = RepositorySize.objectBytes(repository);
    if (options.maxRepoBytes() > 0 && bytes > options.maxRepoBytes()) {
      throw new HubException(
          HubException.Kind.TOO_LARGE,
          RepositorySize.refusal(id.toString(), 0, bytes, options.maxRepoBytes()));
    }
  }

  /**
   * The source's default branch: what its {@code HEAD} names, else the one branch at {@code HEAD}'s
   * commit, else {@code main} or {@code master}, else its only branch.
   */
  private static String defaultBranch(String uri, int timeoutSeconds) throws GitAPIException {
    Collection<Ref> refs =
        Git.lsRemoteRepository()
            .setRemote(uri)
            .setHeads(false)
            .setTags(false)
            .setTimeout(timeoutSeconds)
            .call();
    Map<String, Ref> byName = new java.util.HashMap<>();
    refs.forEach(ref -> byName.put(ref.getName(), ref));
    Ref head = byName.get(Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      return head.getTarget().getName();
    }
    List<Ref> branches =
        refs.stream().filter(r -> r.getName().startsWith(Constants.R_HEADS)).toList();
    if (head != null && head.getObjectId() != null) {
      List<Ref> atHead =
          branches.stream().filter(b -> head.getObjectId().equals(b.getObjectId())).toList();
      if (atHead.size() == 1) {
        return atHead.get(0).getName();
      }
    }
    for (String name : List.of(Constants.R_HEADS + "main", Constants.R_HEADS + "master")) {
      if (byName.containsKey(name)) {
        return name;
      }
    }
    if (branches.size() == 1) {
      return branches.get(0).getName();
    }
    throw HubException.invalid(
        branches.isEmpty()
            ? uri + " has no branches"
            : "cannot tell the default branch of " + uri + ": it has no HEAD, main or master");
  }

  /** A local path as an absolute one (JGit reads it as a local repository); URLs as given. */
  private static String uriOf(String source) {
    if (source.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return source;
    }
    Path path = Path.of(source).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw HubException.invalid("no git repository at " + source);
    }
    return path.toString();
  }

  private static int count(Repository repository, ObjectId head) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(head));
      int count = 0;
      for (var ignored : walk) {
        count++;
      }
      return count;
    }
  }
}
