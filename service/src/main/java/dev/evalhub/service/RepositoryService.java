package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.ListedRepo;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.storage.Storage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The repositories of the hub: creating (with a few first files, or empty), importing, deleting,
 * finding one and listing or searching those a caller may read. Creating needs a writer of the
 * namespace with a write token; deleting, a writer of the repository with a write token; a private
 * repository is shown only to its writers and is "not found" for everyone else. Thread-safe.
 */
public final class RepositoryService {

  private final Storage storage;
  private final Permissions permissions;

  RepositoryService(Storage storage, Permissions permissions) {
    this.storage = storage;
    this.permissions = permissions;
  }

  /**
   * Creates the repository {@code id} for {@code caller} with a first commit on {@code main}
   * holding the Hub's {@code .gitattributes} and {@code files} (validated first: an invalid one
   * refuses the whole creation, INVALID). NOT_FOUND when the namespace is no user or organisation,
   * FORBIDDEN when the caller may not write to it, CONFLICT when a repository has that name in any
   * case.
   */
  public RepoInfo create(RepoId id, boolean isPrivate, Caller caller, List<FileChange> files) {
    requireCreatable(id, caller);
    return storage.createRepository(id, isPrivate, caller.user(), files);
  }

  /**
   * Creates the repository {@code id} for {@code caller} with no commit at all ({@code main}
   * unborn), so that its first push may bring any history. Same rules as {@link #create}.
   */
  public RepoInfo createEmpty(RepoId id, boolean isPrivate, Caller caller) {
    requireCreatable(id, caller);
    return storage.createEmptyRepository(id, isPrivate, caller.user());
  }

  /**
   * {@link #create} (without files) as the administrator: the command line, which any namespace is
   * open to.
   */
  public RepoInfo createAsAdministrator(RepoId id, boolean isPrivate) {
    return storage.createRepository(id, isPrivate);
  }

  /**
   * {@link #createEmpty} as the administrator: the command line, which any namespace is open to.
   */
  public RepoInfo createEmptyAsAdministrator(RepoId id, boolean isPrivate) {
    return storage.createEmptyRepository(id, isPrivate);
  }

  /**
   * Imports the git repository at {@code source} (a local path, or a {@code file://}, {@code
   * http(s)://} or {@code git://} URL) with its whole history into the new repository {@code id},
   * as the administrator (the command line only): the source's default branch becomes {@code main},
   * validated as a push would be.
   */
  public ImportedRepository importAsAdministrator(RepoId id, boolean isPrivate, String source) {
    return storage.importRepository(id, isPrivate, source);
  }

  /**
   * Deletes the repository {@code id} for {@code caller}, a writer with a write token: it moves to
   * the data folder's trash (an operator can restore it) and the index forgets it. REPO_NOT_FOUND
   * when the caller cannot read it; FORBIDDEN when it can read but not delete it.
   */
  public void delete(RepoId id, Caller caller) {
    RepoInfo repo = permissions.readable(id, Optional.of(caller));
    if (!permissions.canWrite(Optional.of(caller), repo.id())) {
      throw HubException.forbidden(
          "only a writer of " + repo.id() + " with a write token can delete it");
    }
    storage.deleteRepository(repo.id(), caller.user());
  }

  /**
   * The repository {@code id} as created (lookups ignore case) if {@code caller} may read it; else
   * REPO_NOT_FOUND.
   */
  public RepoInfo info(RepoId id, Optional<Caller> caller) {
    return permissions.readable(id, caller);
  }

  /**
   * The repositories of {@code type} that {@code caller} may read, whose {@code ns/name} contains
   * {@code search} (any case; {@code ""}: all) and whose namespace is {@code author} (any case)
   * when given, each at the head of {@code main} with the entries of its root folder; a repository
   * without {@code main} (being created or deleted right now, or empty) is left out. In no
   * particular order.
   */
  public List<ListedRepo> list(
      RepoType type, String search, Optional<String> author, Optional<Caller> caller) {
    String needle = search.toLowerCase(Locale.ROOT);
    return visible(type, caller).stream()
        .filter(repo -> repo.id().fullName().toLowerCase(Locale.ROOT).contains(needle))
        .filter(repo -> author.map(a -> repo.id().namespace().equalsIgnoreCase(a)).orElse(true))
        .flatMap(repo -> listed(repo).stream())
        .toList();
  }

  /**
   * The names ({@code ns/name}) of at most {@code limit} repositories of {@code type} that {@code
   * caller} may read and whose name contains {@code query} (stripped, any case), sorted regardless
   * of case: the pages' search.
   */
  public List<String> search(RepoType type, String query, int limit, Optional<Caller> caller) {
    String needle = query.strip().toLowerCase(Locale.ROOT);
    return visible(type, caller).stream()
        .map(repo -> repo.id().fullName())
        .filter(id -> id.toLowerCase(Locale.ROOT).contains(needle))
        .sorted(String.CASE_INSENSITIVE_ORDER)
        .limit(limit)
        .toList();
  }

  private List<RepoInfo> visible(RepoType type, Optional<Caller> caller) {
    return storage.repositories().list(type).stream()
        .filter(repo -> permissions.canRead(caller, repo))
        .toList();
  }

  private Optional<ListedRepo> listed(RepoInfo repo) {
    return storage
        .contents()
        .resolve(repo.id(), "HEAD")
        .map(
            main -> {
              List<TreeEntry> root =
                  storage.contents().tree(repo.id(), main.commitId(), "", false).orElse(List.of());
              return new ListedRepo(new RepoRevision(repo, main), root);
            });
  }

  /** Refuses a creation {@code caller} may not make, before storage checks the name is free. */
  private void requireCreatable(RepoId id, Caller caller) {
    String namespace =
        storage
            .accounts()
            .namespace(id.namespace())
            .orElseThrow(
                () -> HubException.notFound("no user or organisation \"" + id.namespace() + "\""));
    if (!permissions.canWrite(Optional.of(caller), new RepoId(id.type(), namespace, id.name()))) {
      throw HubException.forbidden("you cannot create repositories in \"" + namespace + "\"");
    }
  }
}
