package dev.evalhub.server.internal;

import dev.evalhub.domain.Caller;
import dev.evalhub.storage.PushRules;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Repositories;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;

/**
 * What JGit's {@code GitFilter} asks for: the repository and the receive-pack of a request that
 * {@link GitAccessFilter} has let through (it leaves the repository and caller as request attributes). Thread-safe.
 */
public final class GitServices implements RepositoryResolver<HttpServletRequest>,
    ReceivePackFactory<HttpServletRequest> {

  private final Repositories repositories;
  private final PushRules pushRules;

  public GitServices(Repositories repositories, PushRules pushRules) {
    this.repositories = repositories;
    this.pushRules = pushRules;
  }

  @Override
  public Repository open(HttpServletRequest req, String name) throws RepositoryNotFoundException {
    if (!(req.getAttribute(GitAccessFilter.REPO) instanceof RepoInfo repo)) {
      throw new RepositoryNotFoundException(name);
    }
    return repositories.open(repo.id());
  }

  @Override
  public ReceivePack create(HttpServletRequest req, Repository db) throws ServiceNotAuthorizedException {
    if (!(req.getAttribute(GitAccessFilter.CALLER) instanceof Caller caller)
        || !(req.getAttribute(GitAccessFilter.REPO) instanceof RepoInfo repo)) {
      throw new ServiceNotAuthorizedException();
    }
    // The first request of a push only reads the advertisement: no quarantine for a pack that will not come.
    if (req.getRequestURI().endsWith("/info/refs")) {
      return pushRules.newAdvertisement(db);
    }
    return pushRules.newReceivePack(db, repo, caller, req.getScheme() + "://" + req.getHeader("Host"));
  }
}
