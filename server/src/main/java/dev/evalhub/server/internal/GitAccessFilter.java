package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.service.GitAccess;
import dev.evalhub.service.GitAccessService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Git over HTTP's front door, and the only way to JGit's {@code GitFilter} ({@code gitFilter},
 * which this filter initialises and destroys with itself): finds the repository a git URL names
 * ({@link #gitSuffix}), authenticates, asks {@link GitAccessService#authorize} whether the caller
 * may fetch or push, and answers 401 (with a Basic challenge, so that git asks for credentials),
 * 403 or 404 itself; an allowed access is left as a request attribute for {@link GitServices} and
 * handed to {@code gitFilter}. Other URLs pass straight through to the API: JGit's filter, which
 * matches every path against its patterns, never sees them. Thread-safe.
 */
public final class GitAccessFilter implements Filter {

  static final String ACCESS = "evalhub.gitAccess";
  private static final List<String> SUFFIXES =
      List.of("/info/refs", "/git-upload-pack", "/git-receive-pack");
  private static final String RECEIVE_PACK = "git-receive-pack";

  private final Authenticator authenticator;
  private final GitAccessService git;
  private final Filter gitFilter;

  /** The front door of {@code gitFilter}, which serves the git URLs it lets through. */
  public GitAccessFilter(Authenticator authenticator, GitAccessService git, Filter gitFilter) {
    this.authenticator = authenticator;
    this.git = git;
    this.gitFilter = gitFilter;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    gitFilter.init(config);
  }

  @Override
  public void destroy() {
    gitFilter.destroy();
  }

  /**
   * The git smart-HTTP suffix of {@code path} ({@code /info/refs}, {@code /git-upload-pack} or
   * {@code /git-receive-pack}) when the rest of it names a repository, else null: whether the path
   * is git's.
   */
  public static String gitSuffix(String path) {
    for (String suffix : SUFFIXES) {
      if (path.endsWith(suffix)
          && RepoId.parsePath(path.substring(0, path.length() - suffix.length())).isPresent()) {
        return suffix;
      }
    }
    return null;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String path = req.getRequestURI().substring(req.getContextPath().length());
    String suffix = gitSuffix(path);
    if (suffix == null) {
      chain.doFilter(request, response);
      return;
    }
    RepoId id = RepoId.parsePath(path.substring(0, path.length() - suffix.length())).orElseThrow();
    Authenticator.Credentials credentials =
        authenticator.authenticate(req.getHeader("Authorization"));
    if (credentials.invalid()) {
      challenge(res, "invalid credentials");
      return;
    }
    boolean push =
        path.endsWith("/" + RECEIVE_PACK)
            || (path.endsWith("/info/refs") && RECEIVE_PACK.equals(req.getParameter("service")));
    GitAccess access = git.authorize(id, credentials.caller(), push);
    switch (access.outcome()) {
      case ALLOWED -> {
        req.setAttribute(ACCESS, access);
        gitFilter.doFilter(request, response, chain);
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
