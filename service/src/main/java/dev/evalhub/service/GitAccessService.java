package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.PushPermissions;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Git over HTTP: who may fetch and push which repository, and the receiving side of a push with the
 * permissions of its caller. Anonymous callers get the same answer (sign in) for a private
 * repository as for a missing one, and signed-in strangers the same "not found", so that nobody
 * learns a private repository exists. Pushing needs a write token; which refs it may update is
 * decided here too ({@link PushPermissions}: writers push branches and tags and every pull request,
 * authors their own pull requests, any signed-in account opens pull requests) and handed down to
 * storage's push rules, which ask nothing back. Its JGit types are for the git transport's wiring
 * (JGit's {@code GitFilter}) only. Thread-safe.
 */
public final class GitAccessService {

  private final EvalHub hub;

  GitAccessService(EvalHub hub) {
    this.hub = hub;
  }

  /** Whether {@code caller} may fetch ({@code push} false) or push to the repository {@code id}. */
  public GitAccess authorize(RepoId id, Optional<Caller> caller, boolean push) {
    Optional<RepoInfo> repo =
        hub.storage().repositories().find(id).filter(r -> hub.permissions().canRead(caller, r));
    if (repo.isEmpty()) {
      return caller.isEmpty()
          ? GitAccess.refused(
              GitAccess.Outcome.UNAUTHENTICATED,
              caller,
              "repository not found, or you must sign in")
          : GitAccess.refused(GitAccess.Outcome.NOT_FOUND, caller, "repository not found");
    }
    if (push && caller.isEmpty()) {
      return GitAccess.refused(
          GitAccess.Outcome.UNAUTHENTICATED, caller, "pushing needs a write token");
    }
    if (push && !caller.get().canWrite()) {
      return GitAccess.refused(GitAccess.Outcome.FORBIDDEN, caller, "a read token cannot push");
    }
    return GitAccess.allowed(repo.get(), caller);
  }

  /** Opens the git repository of an allowed access; the caller closes it. */
  public Repository open(GitAccess access) {
    return hub.storage().repositories().open(allowed(access).id());
  }

  /**
   * The receive-pack of an allowed push into {@code repository} (opened by {@link #open}), with the
   * hub's push rules and its caller's permissions; {@code baseUrl} ({@code http://host:port}) is
   * where the hub is reached, for the URL of a pull request it opens. For one push.
   */
  public ReceivePack receivePack(GitAccess access, Repository repository, String baseUrl) {
    RepoInfo repo = allowed(access);
    Caller caller =
        access.caller().orElseThrow(() -> HubException.forbidden("pushing needs a write token"));
    return hub.storage()
        .pushRules()
        .newReceivePack(repository, repo, caller, pushPermissions(caller, repo.id()), baseUrl);
  }

  /**
   * The receive-pack that only advertises {@code repository}'s refs (the first request of a push,
   * {@code info/refs?service=git-receive-pack}); it must not receive.
   */
  public ReceivePack advertisement(GitAccess access, Repository repository) {
    allowed(access);
    return hub.storage().pushRules().newAdvertisement(repository);
  }

  /**
   * What {@code caller} may update in a push to {@code repo}, decided once, at the push's start.
   */
  PushPermissions pushPermissions(Caller caller, RepoId repo) {
    boolean writer = hub.permissions().canWrite(Optional.of(caller), repo);
    return new PushPermissions() {
      @Override
      public boolean mayPushBranches() {
        return writer;
      }

      @Override
      public boolean mayPushPullRequest(String author) {
        return writer || author.equals(caller.user());
      }

      @Override
      public boolean mayOpenPullRequest() {
        return caller.canWrite();
      }
    };
  }

  private static RepoInfo allowed(GitAccess access) {
    return access
        .repo()
        .filter(r -> access.isAllowed())
        .orElseThrow(
            () -> new IllegalArgumentException("not an allowed access: " + access.outcome()));
  }
}
