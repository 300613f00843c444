package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.internal.FsckStrictChecker;
import dev.evalhub.storage.internal.PushHook;
import dev.evalhub.storage.internal.Quarantine;
import dev.evalhub.storage.internal.QuarantinedReceivePack;
import dev.evalhub.storage.internal.RepositorySize;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Sets up the receiving side of a {@code git push} with the hub's rules: size limits (pack, object,
 * and the repository's quota), who may update which ref, append-only {@code main}, validation of
 * changed files, pull requests ({@code refs/for/main}, {@code refs/pr/N}), and ref-change events
 * for what was accepted. The pushed objects are received into a quarantine and land in the
 * repository only when the whole push is accepted, so that a refused push leaves nothing behind.
 * Thread-safe.
 */
public final class PushRules {

  /**
   * Room above the quota's remainder for a pack's framing: the exact check runs once the pack is
   * in.
   */
  private static final long PACK_SLACK_BYTES = 64 << 10;

  private final EventLog events;
  private final StorageOptions options;
  private final PullRequests pullRequests;

  PushRules(EventLog events, StorageOptions options, PullRequests pullRequests) {
    this.events = events;
    this.options = options;
    this.pullRequests = pullRequests;
  }

  /**
   * A receive-pack for {@code caller}'s push to {@code repo}, whose repository is {@code
   * repository}; {@code permissions} says which refs the caller may update (decided by the caller
   * of this method: storage trusts it); {@code baseUrl} ({@code http://host:port}) is where the hub
   * is reached, for the URL of a pull request it opens. It receives into its own quarantine,
   * deleted once it has received: use it for one push.
   */
  public ReceivePack newReceivePack(
      Repository repository,
      RepoInfo repo,
      Caller caller,
      PushPermissions permissions,
      String baseUrl) {
    Quarantine quarantine;
    long holding;
    try {
      quarantine = Quarantine.open(repository);
      holding = options.maxRepoBytes() > 0 ? RepositorySize.objectBytes(repository) : 0;
    } catch (IOException e) {
      throw new StorageException("cannot prepare a push to " + repo.id(), e);
    }
    ReceivePack rp = new QuarantinedReceivePack(quarantine, repository);
    configure(rp);
    limitPackToQuota(rp, repo.id(), holding);
    rp.setRefLogIdent(Commits.author(new AccountName(caller.user())));
    PullRequestPushes prs =
        new PullRequestPushes(
            new PullRequestHeads(
                repo.id(),
                repository,
                pullRequests.records(repo.id(), repository),
                events,
                caller.user(),
                permissions),
            baseUrl);
    PushHook hook =
        new PushHook(
            repo.id(),
            caller.user(),
            permissions,
            options.formats(),
            events::append,
            prs,
            () -> quarantine.land(options.maxRepoBytes(), repo.id().toString()));
    rp.setPreReceiveHook(hook);
    rp.setPostReceiveHook(hook);
    return rp;
  }

  /**
   * A receive-pack that only advertises {@code repository}'s refs and capabilities (the first
   * request of a push, {@code info/refs?service=git-receive-pack}); it must not receive.
   */
  public ReceivePack newAdvertisement(Repository repository) {
    ReceivePack rp = new ReceivePack(repository);
    configure(rp);
    return rp;
  }

  private void configure(ReceivePack rp) {
    // JGit's own checks would refuse these before the hook could explain why; the hook decides per
    // ref instead.
    rp.setAllowNonFastForwards(true);
    rp.setAllowDeletes(true);
    rp.setAllowCreates(true);
    rp.setCheckReceivedObjects(true);
    rp.setObjectChecker(new FsckStrictChecker());
    if (options.maxPackBytes() > 0) {
      rp.setMaxPackSizeLimit(options.maxPackBytes());
    }
    if (options.maxObjectBytes() > 0) {
      rp.setMaxObjectSizeLimit(options.maxObjectBytes());
    }
  }

  /**
   * Stops receiving a pack larger than what the quota leaves (the exact check runs when the objects
   * land), and says why instead of JGit's bare "pack exceeds the limit".
   */
  private void limitPackToQuota(ReceivePack rp, RepoId repo, long holding) {
    if (options.maxRepoBytes() == 0) {
      return;
    }
    long left = Math.max(0, options.maxRepoBytes() - holding) + PACK_SLACK_BYTES;
    if (options.maxPackBytes() > 0 && options.maxPackBytes() <= left) {
      return;
    }
    rp.setMaxPackSizeLimit(left);
    var original = rp.getUnpackErrorHandler();
    rp.setUnpackErrorHandler(
        error -> {
          if (isTooLargePack(error)) {
            rp.sendError(
                repo
                    + " holds "
                    + holding
                    + " bytes and this push's pack is larger than the "
                    + Math.max(0, options.maxRepoBytes() - holding)
                    + " bytes left under its limit of "
                    + options.maxRepoBytes()
                    + " bytes (max-repo-bytes)");
          }
          original.handleUnpackException(error);
        });
  }

  private static boolean isTooLargePack(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jgit.errors.TooLargePackException) {
        return true;
      }
    }
    return false;
  }
}
