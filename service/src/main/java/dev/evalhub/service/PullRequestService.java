package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.PullRequests;
import java.util.List;
import java.util.Optional;

/**
 * Discussions and pull requests, with the permission rules of the spec: anyone who may read a
 * repository may read its discussions (a private repository is "not found" for everyone else); any
 * signed-in account acting with a write token opens discussions and pull requests on repositories
 * it can read, and comments; the author and the repository's writers close; writers reopen and
 * merge; a read token changes nothing. Every check happens here, before storage (git) is called.
 * Thread-safe.
 */
public final class PullRequestService {

  private final Permissions permissions;
  private final PullRequests pullRequests;

  PullRequestService(Permissions permissions, PullRequests pullRequests) {
    this.permissions = permissions;
    this.pullRequests = pullRequests;
  }

  /** Every discussion and pull request of {@code repo}, by number. */
  public List<PullRequest> list(RepoId repo, Optional<Caller> caller) {
    return pullRequests.list(permissions.readable(repo, caller).id());
  }

  /** Discussion or pull request {@code number} of {@code repo}; NOT_FOUND when there is none. */
  public PullRequest get(RepoId repo, PrNumber number, Optional<Caller> caller) {
    return pullRequests.get(permissions.readable(repo, caller).id(), number);
  }

  /**
   * The files of pull request {@code number} that conflict with main now, and its diff; {@link
   * PrChanges#NONE} for a discussion or a pull request nothing was pushed to.
   */
  public PrChanges changes(RepoId repo, PrNumber number, Optional<Caller> caller) {
    return pullRequests.changes(permissions.readable(repo, caller).id(), number);
  }

  /**
   * What {@code caller} may do on {@code pr} of {@code repo} (read already), for a page to offer:
   * merge an open pull request with a head (writers), close an open one (its author and writers),
   * reopen a closed one (writers), comment (any account with a write token).
   */
  public PullRequestActions actions(RepoId repo, PullRequest pr, Optional<Caller> caller) {
    boolean signedIn = caller.map(Caller::canWrite).orElse(false);
    boolean writer = signedIn && permissions.canWrite(caller, repo);
    boolean author = signedIn && caller.get().user().equalsIgnoreCase(pr.author());
    boolean open = pr.status() == PrStatus.OPEN;
    return new PullRequestActions(
        writer && open && pr.isPullRequest() && pr.head().isPresent(),
        open && (writer || author) && pr.flag().isEmpty(),
        writer && pr.status() == PrStatus.CLOSED && pr.flag().isEmpty(),
        pr.flag().isEmpty() ? signedIn : permissions.canCommentOnFlag(caller, repo, pr.author()));
  }

  /** Opens a discussion, or a pull request whose head is pushed to {@code refs/pr/N} later. */
  public PullRequest open(RepoId repo, Caller caller, NewDiscussion what) {
    RepoInfo info = permissions.readable(repo, Optional.of(caller));
    requireWriteToken(caller);
    return pullRequests.open(info.id(), caller.user(), what);
  }

  /** Appends {@code caller}'s comment; INVALID when {@code text} is empty. */
  public PullRequest comment(RepoId repo, PrNumber number, Caller caller, String text) {
    RepoInfo info = permissions.readable(repo, Optional.of(caller));
    requireWriteToken(caller);
    // A flag's thread is the flagger's and the model writers' (FlagService): the same rule here.
    PullRequest pr = pullRequests.get(info.id(), number);
    if (pr.flag().isPresent()
        && !permissions.canCommentOnFlag(Optional.of(caller), info.id(), pr.author())) {
      throw HubException.forbidden(
          "only the flagger and the writers of " + info.id() + " may comment on flag #" + number);
    }
    return pullRequests.comment(info.id(), number, caller.user(), text);
  }

  /**
   * Closes or reopens (with an optional comment): the author and writers close, writers reopen
   * (FORBIDDEN otherwise); {@link PrStatus#MERGED} is INVALID (see {@link #merge}); a merged pull
   * request stays merged.
   */
  public PullRequest changeStatus(
      RepoId repo, PrNumber number, Caller caller, PrStatus status, Optional<String> comment) {
    RepoInfo info = permissions.readable(repo, Optional.of(caller));
    requireWriteToken(caller);
    Optional<String> checked = comment.map(c -> RecordText.text("comment", c));
    if (status == PrStatus.MERGED) {
      throw HubException.invalid(
          "a pull request is merged with the merge endpoint, not by a status change");
    }
    boolean writer = permissions.canWrite(Optional.of(caller), info.id());
    if (!writer) {
      // The author never changes, so deciding on the record read here holds for the change below.
      PullRequest pr = pullRequests.get(info.id(), number);
      if (status != PrStatus.CLOSED || !pr.author().equals(caller.user())) {
        throw HubException.forbidden(
            status == PrStatus.CLOSED
                ? "only the author of #"
                    + number
                    + " and the writers of "
                    + info.id()
                    + " may close it"
                : "only the writers of " + info.id() + " may reopen #" + number);
      }
    }
    return pullRequests.changeStatus(info.id(), number, caller.user(), status, checked);
  }

  /**
   * Merges pull request {@code number} into main as one squash commit naming it. Only writers with
   * a write token merge (FORBIDDEN otherwise). A conflict or invalid files are outcomes, not
   * exceptions; nothing changes then.
   */
  public MergeResult merge(RepoId repo, PrNumber number, Caller caller, Optional<String> comment) {
    RepoInfo info = permissions.readable(repo, Optional.of(caller));
    if (!permissions.canWrite(Optional.of(caller), info.id())) {
      throw HubException.forbidden(
          "only the writers of " + info.id() + " (with a write token) may merge");
    }
    return pullRequests.merge(info.id(), number, caller.user(), comment);
  }

  private static void requireWriteToken(Caller caller) {
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot open, comment on or change discussions");
    }
  }
}
