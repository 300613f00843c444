package dev.evalhub.server.internal;

import dev.evalhub.storage.Access;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.Repositories;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Decides who may use git over HTTP before JGit's {@code GitFilter} runs: finds the repository a git URL names,
 * authenticates, and answers 401 (with a Basic challenge, so that git asks for credentials), 403 or 404 itself.
 * Anonymous callers get the same 401 for a private repository as for a missing one, and signed-in strangers the
 * same 404, so that nobody learns a private repository exists. Other URLs pass through to the API. Thread-safe.
 */
public final class GitAccessFilter implements Filter {

  static final String CALLER = "evalhub.caller";
  static final String REPO = "evalhub.repo";
  private static final List<String> SUFFIXES = List.of("/info/refs", "/git-upload-pack", "/git-receive-pack");
  private static final String RECEIVE_PACK = "git-receive-pack";

  private final Authenticator authenticator;
  private final Repositories repositories;
  private final Access access;

  public GitAccessFilter(Authenticator authenticator, Repositories repositories, Access access) {
    this.authenticator = authenticator;
    this.repositories = repositories;
    this.access = access;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Optional<String> suffix = SUFFIXES.stream().filter(path::endsWith).findFirst();
    Optional<RepoId> id = suffix.flatMap(s -> RepoId.parsePath(path.substring(0, path.length() - s.length())));
    if (id.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Authenticator.Credentials credentials = authenticator.authenticate(req.getHeader("Authorization"));
    if (credentials.invalid()) {
      challenge(res, "invalid credentials");
      return;
    }
    Optional<Caller> caller = credentials.caller();
    Optional<RepoInfo> repo = repositories.find(id.get()).filter(r -> access.canRead(caller, r));
    if (repo.isEmpty()) {
      if (caller.isEmpty()) {
        challenge(res, "repository not found, or you must sign in");
      } else {
        res.setHeader("X-Error-Code", ApiErrors.code(HubException.Kind.REPO_NOT_FOUND));
        res.sendError(HttpServletResponse.SC_NOT_FOUND, "repository not found");
      }
      return;
    }
    boolean push = path.endsWith("/" + RECEIVE_PACK)
        || (path.endsWith("/info/refs") && RECEIVE_PACK.equals(req.getParameter("service")));
    if (push && caller.isEmpty()) {
      challenge(res, "pushing needs a write token");
      return;
    }
    if (push && !caller.get().canWrite()) {
      res.sendError(HttpServletResponse.SC_FORBIDDEN, "a read token cannot push");
      return;
    }
    req.setAttribute(REPO, repo.get());
    caller.ifPresent(c -> req.setAttribute(CALLER, c));
    chain.doFilter(request, response);
  }

  private static void challenge(HttpServletResponse res, String message) throws IOException {
    res.setHeader("WWW-Authenticate", "Basic realm=\"evalhub\"");
    res.sendError(HttpServletResponse.SC_UNAUTHORIZED, message);
  }
}
