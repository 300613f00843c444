package dev.evalhub.storage;

import dev.evalhub.storage.internal.FsckStrictChecker;
import dev.evalhub.storage.internal.PushHook;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Sets up the receiving side of a {@code git push} with the hub's rules: size limits, who may update which ref,
 * append-only {@code main}, validation of changed files, pull requests ({@code refs/for/main}, {@code refs/pr/N}),
 * and ref-change events for what was accepted. Thread-safe.
 */
public final class PushRules {

  private final Access access;
  private final EventLog events;
  private final StorageOptions options;
  private final PullRequests pullRequests;

  PushRules(Access access, EventLog events, StorageOptions options, PullRequests pullRequests) {
    this.access = access;
    this.events = events;
    this.options = options;
    this.pullRequests = pullRequests;
  }

  /**
   * A receive-pack for {@code caller}'s push to {@code repo}, whose repository is {@code repository}; {@code
   * baseUrl} ({@code http://host:port}) is where the hub is reached, for the URL of a pull request it opens.
   */
  public ReceivePack newReceivePack(Repository repository, RepoInfo repo, Caller caller, String baseUrl) {
    ReceivePack rp = new ReceivePack(repository);
    // JGit's own checks would refuse these before the hook could explain why; the hook decides per ref instead.
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
    rp.setRefLogIdent(Commits.author(caller.user()));
    boolean writer = access.canWrite(Optional.of(caller), repo.id());
    PullRequestPushes prs = new PullRequestPushes(repo.id(), repository, pullRequests.records(repo.id(), repository),
        events, caller.user(), writer, baseUrl);
    PushHook hook = new PushHook(repo.id(), caller.user(), writer, options.formats(), events::append, prs);
    rp.setPreReceiveHook(hook);
    rp.setPostReceiveHook(hook);
    return rp;
  }
}
