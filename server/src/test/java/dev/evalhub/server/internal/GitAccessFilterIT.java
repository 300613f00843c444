package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import dev.evalhub.service.GitAccess;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitAccessFilter} as the only way to the git filter behind it: on a Jetty server of its own
 * on loopback, with a recording filter in JGit's place and a servlet in the API's, and a real hub's
 * accounts and access rules. Non-git paths and refused git requests must never reach the git
 * filter; allowed git requests must, with their access.
 */
class GitAccessFilterIT {

  @TempDir Path temp;
  private TestHub hub;
  private Server jetty;
  private final Recorder git = new Recorder();
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    hub =
        new TestHub(temp.resolve("data"))
            .user("alice")
            .user("bob")
            .repo("alice/gpt", false)
            .repo("alice/secret", true);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(
        new FilterHolder(
            new GitAccessFilter(
                new Authenticator(hub.server().hub().accounts()), hub.server().hub().git(), git)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Api()), "/*");
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    hub.close();
  }

  @Test
  void theGitFilterIsInitialisedWithTheAccessFilter() {
    assertThat(git.initialised).isTrue();
  }

  @Test
  void nonGitPathsGoToTheApiAndNeverReachGit() throws Exception {
    List<String> paths =
        List.of(
            "/api/models/alice/gpt",
            "/api/models/alice/gpt/info/refs?service=git-upload-pack",
            "/info/refs?service=git-upload-pack",
            "/alice/gpt/tree/main/info/refs?service=git-upload-pack",
            "/alice/gpt/HEAD",
            "/alice/gpt/objects/info/packs",
            "/alice/gpt");

    for (String path : paths) {
      HttpResponse<String> answer = get(path, null);
      assertThat(answer.body()).as(path).isEqualTo("api");
    }
    assertThat(git.seen).isEmpty();
  }

  @Test
  void refusedGitRequestsAreAnsweredBeforeGit() throws Exception {
    String reader = hub.token("bob", Role.READ);

    HttpResponse<String> anonymousPush = get("/alice/gpt/info/refs?service=git-receive-pack", null);
    HttpResponse<String> badToken = get("/alice/gpt/info/refs?service=git-upload-pack", "nope");
    HttpResponse<String> noSuchRepo = get("/alice/none/info/refs?service=git-upload-pack", reader);
    HttpResponse<String> anonymousOnPrivate =
        get("/alice/secret/info/refs?service=git-upload-pack", null);
    HttpResponse<String> strangerOnPrivate =
        get("/alice/secret/info/refs?service=git-upload-pack", reader);
    HttpResponse<String> readerPush = post("/alice/gpt/git-receive-pack", reader);

    assertThat(anonymousPush.statusCode()).isEqualTo(401);
    assertThat(anonymousPush.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(badToken.statusCode()).isEqualTo(401);
    assertThat(noSuchRepo.statusCode()).isEqualTo(404);
    assertThat(anonymousOnPrivate.statusCode()).isEqualTo(401);
    assertThat(strangerOnPrivate.statusCode()).isEqualTo(404);
    assertThat(readerPush.statusCode()).isEqualTo(403);
    assertThat(git.seen).isEmpty();
  }

  @Test
  void allowedGitRequestsReachGitWithTheirAccess() throws Exception {
    String writer = hub.token("alice", Role.WRITE);

    HttpResponse<String> fetch = get("/alice/gpt/info/refs?service=git-upload-pack", null);
    HttpResponse<String> privateFetch =
        get("/alice/secret.git/info/refs?service=git-upload-pack", writer);
    HttpResponse<String> push = post("/alice/gpt/git-receive-pack", writer);

    assertThat(List.of(fetch.body(), privateFetch.body(), push.body())).containsOnly("git");
    assertThat(git.seen)
        .containsExactly(
            "/alice/gpt/info/refs allowed",
            "/alice/secret.git/info/refs allowed",
            "/alice/gpt/git-receive-pack allowed");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token) throws Exception {
    return client.send(
        request(path, token).POST(HttpRequest.BodyPublishers.ofString("0000")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path));
    if (token != null) {
      builder.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8)));
    }
    return builder;
  }

  private String base() {
    return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** In JGit's place: records what reaches it, with whether its access was allowed. */
  private static final class Recorder implements Filter {
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile boolean initialised;

    @Override
    public void init(FilterConfig config) {
      initialised = true;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException {
      HttpServletRequest req = (HttpServletRequest) request;
      boolean allowed =
          req.getAttribute(GitAccessFilter.ACCESS) instanceof GitAccess access
              && access.isAllowed();
      seen.add(req.getRequestURI() + (allowed ? " allowed" : " without access"));
      response.getWriter().write("git");
    }
  }

  /** In the API's place: answers every request it gets. */
  private static final class Api extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.getWriter().write("api");
    }
  }
}
