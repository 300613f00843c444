package dev.evalhub.service;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.CommitTarget;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * Server-side commits (the commit API): to a branch, opening a pull request against {@code main}
 * ({@code create_pr}), or adding to pull request {@code refs/pr/N}. Who may do what is decided
 * here: a commit to a branch needs a writer with a write token (and an existing branch, but for the
 * first commit of {@code main}); opening a pull request needs any account with a write token that
 * can read the repository; adding to an open one, its author or a writer, with a write token.
 * Storage validates the files as a push would and moves the ref. Thread-safe.
 */
public final class CommitService {

  private final Storage storage;
  private final Permissions permissions;

  CommitService(Storage storage, Permissions permissions) {
    this.storage = storage;
    this.permissions = permissions;
  }

  /**
   * Where a commit to {@code revision} of {@code id} goes, checked before its body is read:
   * REPO_NOT_FOUND when {@code caller} cannot read the repository; for a commit to a branch,
   * FORBIDDEN when it cannot write to it and REVISION_NOT_FOUND when the branch (other than {@code
   * main}) does not exist. A revision {@code refs/pr/N} adds to pull request N; {@code createPr}
   * opens one.
   */
  public CommitTarget target(RepoId id, String revision, boolean createPr, Caller caller) {
    RepoInfo repo = permissions.readable(id, Optional.of(caller));
    String ref = RefNames.branch(revision);
    Optional<PrNumber> pullRequest =
        createPr ? Optional.empty() : RefNames.pullRequestNumber(ref).map(PrNumber::new);
    CommitTarget target = new CommitTarget(repo, ref, createPr, pullRequest);
    if (target.isBranch()) {
      permissions.writable(repo.id(), caller);
      // The first commit of an empty repository makes main; other branches must exist.
      if (!ref.equals(RefNames.MAIN)) {
        storage.contents().require(repo.id(), ref);
      }
    }
    return target;
  }

  /**
   * Makes the commit of {@code changes} on {@code target} (from {@link #target}, whose checks run
   * again here), on top of {@code parentCommit} when given (else whatever the ref holds), with
   * {@code message}, by {@code caller}. Expected outcomes (committed, parent mismatch, invalid
   * files, refused ref) come back as values; opening a pull request against another branch than
   * {@code main} is INVALID; a read token cannot open or add to a pull request (FORBIDDEN); only
   * the author and the writers add to one (FORBIDDEN), and only while it is open.
   */
  public CommitOutcome commit(
      CommitTarget target,
      Optional<String> parentCommit,
      List<FileChange> changes,
      String message,
      Caller caller) {
    CommitTarget checked = target(target.repo().id(), target.ref(), target.createPr(), caller);
    RepoId repo = checked.repo().id();
    CommitRequest request =
        new CommitRequest(
            new RefName(checked.ref()),
            parentCommit.map(CommitId::parse),
            changes,
            message,
            new AccountName(caller.user()));
    if (checked.isBranch()) {
      return new CommitOutcome(storage.commits().commit(repo, request), Optional.empty());
    }
    if (checked.createPr() && !checked.ref().equals(RefNames.MAIN)) {
      throw HubException.invalid("pull requests target main, not " + checked.ref());
    }
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot open or add to pull requests");
    }
    if (checked.createPr()) {
      return storage.pullRequestCommits().open(repo, caller.user(), request);
    }
    PrNumber number = checked.pullRequest().orElseThrow();
    PullRequest pr =
        storage
            .pullRequestCommits()
            .pullRequest(repo, number)
            .filter(PullRequest::isPullRequest)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.REVISION_NOT_FOUND,
                        "pull request #" + number + " not found in " + repo));
    // A closed or merged one is refused by storage, whoever asks, with the reason.
    if (pr.status() == PrStatus.OPEN
        && !permissions.canWrite(Optional.of(caller), repo)
        && !pr.author().equals(caller.user())) {
      throw HubException.forbidden(
          "only the author of #" + number + " and the writers of " + repo + " may push to it");
    }
    return storage.pullRequestCommits().push(repo, number, caller.user(), request);
  }

  /**
   * Makes the commit {@code request} (its author named in it) to a branch of {@code id} as the
   * administrator: the command line (the demo data of {@code serve --demo}), which any repository
   * is open to, so nothing is checked but what storage checks of every commit (valid files, the
   * parent, the ref). The outcome comes back as a value, as for {@link #commit}.
   */
  public CommitResult commitAsAdministrator(RepoId id, CommitRequest request) {
    return storage.commits().commit(id, request);
  }
}
