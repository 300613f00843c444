package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.service.GitAccess;
import dev.evalhub.service.GitAccessService;
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
 * Git over HTTP's front door, before JGit's {@code GitFilter} runs: finds the repository a git URL
 * names, authenticates, asks {@link GitAccessService#authorize} whether the caller may fetch or
 * push, and answers 401 (with a Basic challenge, so that git asks for credentials), 403 or 404
 * itself; an allowed access is left as a request attribute for {@link GitServices}. Other URLs pass
 * through to the API. Thread-safe.
 */
public final class GitAccessFilter implements Filter {

  static final String ACCESS = "evalhub.gitAccess";
  private static final List<String> SUFFIXES =
      List.of("/info/refs", "/git-upload-pack", "/git-receive-pack");
  private static final String RECEIVE_PACK = "git-receive-pack";

  private final Authenticator authenticator;
  private final GitAccessService git;

  public GitAccessFilter(Authenticator authenticator, GitAccessService git) {
    this.authenticator = authenticator;
    this.git = git;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Optional<String> suffix = SUFFIXES.stream().filter(path::endsWith).findFirst();
    Optional<RepoId> id =
        suffix.flatMap(s -> RepoId.parsePath(path.substring(0, path.length() - s.length())));
    if (id.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Authenticator.Credentials credentials =
        authenticator.authenticate(req.getHeader("Authorization"));
    if (credentials.invalid()) {
      challenge(res, "invalid credentials");
      return;
    }
    boolean push =
        path.endsWith("/" + RECEIVE_PACK)
            || (path.endsWith("/info/refs") && RECEIVE_PACK.equals(req.getParameter("service")));
    GitAccess access = git.authorize(id.get(), credentials.caller(), push);
    switch (access.outcome()) {
      case ALLOWED -> {
        req.setAttribute(ACCESS, access);
        chain.doFilter(request, response);
      }
      case UNAUTHENTICATED -> challenge(res, access.message());
      case NOT_FOUND -> {
        res.setHeader("X-Error-Code", ApiErrors.code(HubException.Kind.REPO_NOT_FOUND));
        res.sendError(HttpServletResponse.SC_NOT_FOUND, access.message());
      }
      case FORBIDDEN -> res.sendError(HttpServletResponse.SC_FORBIDDEN, access.message());
    }
  }

  private static void challenge(HttpServletResponse res, String message) throws IOException {
    res.setHeader("WWW-Authenticate", "Basic realm=\"evalhub\"");
    res.sendError(HttpServletResponse.SC_UNAUTHORIZED, message);
  }
}
