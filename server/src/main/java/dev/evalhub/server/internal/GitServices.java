package dev.evalhub.server.internal;

import dev.evalhub.service.GitAccess;
import dev.evalhub.service.GitAccessService;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;

/**
 * What JGit's {@code GitFilter} asks for: the repository and the receive-pack of a request that
 * {@link GitAccessFilter} has let through (it leaves the allowed {@link GitAccess} as a request
 * attribute), both from {@link GitAccessService}. One of the two wiring classes allowed JGit types.
 * Thread-safe.
 */
public final class GitServices
    implements RepositoryResolver<HttpServletRequest>, ReceivePackFactory<HttpServletRequest> {

  private final GitAccessService git;

  public GitServices(GitAccessService git) {
    this.git = git;
  }

  @Override
  public Repository open(HttpServletRequest req, String name) throws RepositoryNotFoundException {
    if (!(req.getAttribute(GitAccessFilter.ACCESS) instanceof GitAccess access)
        || !access.isAllowed()) {
      throw new RepositoryNotFoundException(name);
    }
    return git.open(access);
  }

  @Override
  public ReceivePack create(HttpServletRequest req, Repository db)
      throws ServiceNotAuthorizedException {
    if (!(req.getAttribute(GitAccessFilter.ACCESS) instanceof GitAccess access)
        || !access.isAllowed()
        || access.caller().isEmpty()) {
      throw new ServiceNotAuthorizedException();
    }
    // The first request of a push only reads the advertisement: no quarantine for a pack that will
    // not come.
    if (req.getRequestURI().endsWith("/info/refs")) {
      return git.advertisement(access, db);
    }
    return git.receivePack(access, db, req.getScheme() + "://" + req.getHeader("Host"));
  }
}
