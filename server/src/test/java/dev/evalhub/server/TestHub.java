package dev.evalhub.server;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import java.nio.file.Path;
import java.util.List;

/** A real hub on a free loopback port over a temporary data folder, with fluent account and repository setup. */
final class TestHub implements AutoCloseable {

  private final HubServer server;

  TestHub(Path data) {
    this(ServerConfig.forTest(data));
  }

  TestHub(ServerConfig config) {
    this.server = HubServer.start(config);
  }

  HubServer server() {
    return server;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The git URL of {@code repoPath} with {@code token} as the password, or anonymous when it is null. */
  String gitUrl(String repoPath, String token) {
    String credentials = token == null ? "" : "x:" + token + "@";
    return "http://" + credentials + "127.0.0.1:" + server.port() + "/" + repoPath;
  }

  TestHub user(String name) {
    server.storage().accounts().createUser(name);
    return this;
  }

  TestHub org(String name, String... members) {
    server.storage().accounts().createOrg(name, List.of(members));
    return this;
  }

  String token(String user, Role role) {
    return server.storage().accounts().createToken(user, role, "test").secret();
  }

  TestHub repo(String path, boolean isPrivate) {
    server.storage().createRepository(RepoId.parsePath(path).orElseThrow(), isPrivate);
    return this;
  }

  @Override
  public void close() {
    server.close();
  }
}
