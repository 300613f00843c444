package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoPaths;
import dev.evalhub.domain.repo.RepoFile;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import dev.evalhub.storage.RepoContents;
import java.util.List;
import java.util.Optional;

/**
 * What a repository holds at a revision: resolving a revision ({@code HEAD}, a branch, a tag, a
 * full ref such as {@code refs/pr/1}, a commit id), reading one file, listing a folder, the entries
 * of given paths, and the path checks before an upload. Every method first checks that the caller
 * may read the repository (REPO_NOT_FOUND otherwise, exactly like a missing one), also for a {@link
 * RepoRevision} it was handed. Thread-safe.
 */
public final class ContentService {

  private final RepoContents contents;
  private final Permissions permissions;

  ContentService(RepoContents contents, Permissions permissions) {
    this.contents = contents;
    this.permissions = permissions;
  }

  /** The repository {@code id} at {@code revision}; REVISION_NOT_FOUND when it names no commit. */
  public RepoRevision resolve(RepoId id, String revision, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(id, caller);
    return new RepoRevision(repo, contents.require(repo.id(), revision));
  }

  /**
   * Like {@link #resolve}, but empty when the revision names no commit (the repository must still
   * be readable).
   */
  public Optional<RepoRevision> find(RepoId id, String revision, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(id, caller);
    return contents.resolve(repo.id(), revision).map(resolved -> new RepoRevision(repo, resolved));
  }

  /**
   * The regular file at {@code path} of {@code at}, or empty when there is none (or it is a
   * folder).
   */
  public Optional<RepoFile> file(RepoRevision at, String path, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(at.repo().id(), caller);
    return contents.file(repo.id(), at.commitId(), path);
  }

  /**
   * The entries of the folder {@code path} ({@code ""}: the root) of {@code at}, in git's order:
   * its direct children, or every file and folder below it when {@code recursive}. Empty when there
   * is no such folder.
   */
  public Optional<List<TreeEntry>> tree(
      RepoRevision at, String path, boolean recursive, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(at.repo().id(), caller);
    return contents.tree(repo.id(), at.commitId(), path, recursive);
  }

  /**
   * The file or folder entries of {@code paths} in {@code at}, in the order asked, leaving out
   * those that do not exist (as the Hub's paths-info does). A path that {@link RepoPaths#require}
   * refuses is INVALID, before anything is read.
   */
  public List<TreeEntry> pathsInfo(RepoRevision at, List<String> paths, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(at.repo().id(), caller);
    paths.forEach(RepoPaths::require);
    return paths.stream()
        .flatMap(p -> contents.entry(repo.id(), at.commitId(), p).stream())
        .toList();
  }

  /**
   * The paths of an upload the commit API will receive, each as {@link RepoPaths#require} spells it
   * (INVALID for a path it refuses). Needs a caller who may read the repository; the commit itself
   * checks write access. evalhub keeps every file inline as a plain git blob, so nothing else is
   * decided here.
   */
  public List<String> preupload(RepoId id, List<String> paths, Caller caller) {
    permissions.readable(id, Optional.of(caller));
    return paths.stream().map(RepoPaths::require).toList();
  }
}
