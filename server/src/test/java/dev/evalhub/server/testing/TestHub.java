package dev.evalhub.server.testing;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A real hub on a free loopback port (port 0) over a test's data folder, with fluent account and
 * repository set-up and the URLs a client needs:
 *
 * <pre>{@code
 * try (TestHub hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/gpt", false)) {
 *   git.clone(hub.gitUrl("alice/gpt", hub.token("alice", Role.WRITE)), temp);
 * }
 * }</pre>
 *
 * <p>Closing it stops the server. Thread-safe as the server is.
 */
public final class TestHub implements AutoCloseable {

  private final HubServer server;

  /** Starts a hub with the test configuration ({@link ServerConfig#forTest}) on {@code data}. */
  public TestHub(Path data) {
    this(ServerConfig.forTest(data));
  }

  /** Starts a hub with {@code config}. */
  public TestHub(ServerConfig config) {
    this.server = HubServer.start(config);
    // The tests' webhook receivers listen on loopback, which a hub refuses by default.
    server
        .hub()
        .webhooks()
        .configure(
            dev.evalhub.service.WebhookOptions.defaults("http://127.0.0.1:" + server.port())
                .withAddressPolicy(true, java.util.Set.of()));
  }

  /** The running server. */
  public HubServer server() {
    return server;
  }

  /**
   * Commits {@code content} at {@code path} on {@code repo}'s {@code main} as {@code account}, a
   * server-side commit with {@code message} (no HTTP); a refused commit fails the test.
   */
  public TestHub commit(String repo, String path, String content, String message, String account) {
    dev.evalhub.domain.repo.CommitResult result =
        dev.evalhub.storage.testing.TestStorage.commitFile(
            server.hub().storage(),
            RepoId.parsePath(repo).orElseThrow(),
            path,
            content,
            message,
            account);
    if (!result.isCommitted()) {
      throw new AssertionError("commit of " + path + " to " + repo + " refused: " + result);
    }
    return this;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** An API client of this hub. */
  public HubApi api() {
    return new HubApi(baseUrl());
  }

  /**
   * The git URL of {@code repoPath} with {@code token} as the password, or anonymous when it is
   * null.
   */
  public String gitUrl(String repoPath, String token) {
    String credentials = token == null ? "" : "x:" + token + "@";
    return "http://" + credentials + "127.0.0.1:" + server.port() + "/" + repoPath;
  }

  /** Creates the user account {@code name}. */
  public TestHub user(String name) {
    server.hub().storage().accounts().createUser(name);
    return this;
  }

  /** Creates the organisation {@code name} with {@code members}. */
  public TestHub org(String name, String... members) {
    server.hub().storage().accounts().createOrg(name, List.of(members));
    return this;
  }

  /** A new access token of {@code user} with {@code role}; returns its secret. */
  public String token(String user, Role role) {
    return server.hub().storage().accounts().createToken(user, role, "test").secret();
  }

  /** Creates the repository {@code path} ({@code owner/name}, {@code datasets/owner/name}, ...). */
  public TestHub repo(String path, boolean isPrivate) {
    server.hub().storage().createRepository(RepoId.parsePath(path).orElseThrow(), isPrivate);
    return this;
  }

  @Override
  public void close() {
    server.close();
  }
}
