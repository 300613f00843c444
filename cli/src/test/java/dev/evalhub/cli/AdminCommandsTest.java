package dev.evalhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.server.testing.HubApi;
import dev.evalhub.server.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandsTest {

  @TempDir Path data;

  private CommandRun run(String... args) {
    return CommandRun.onData(data, args);
  }

  @Test
  void tokenCreatedWhileTheServerRunsWorksAtOnce() throws Exception {
    try (TestHub hub = new TestHub(data)) {
      run("user", "create", "alice");
      String token =
          run("token", "create", "alice", "--role", "write", "--name", "ci").out().strip();

      HubApi.Response created = hub.api().post("/api/repos/create", token, "{\"name\":\"gpt\"}");

      assertThat(token).startsWith("hf_");
      assertThat(created.status()).isEqualTo(200);
    }
  }

  @Test
  void organisationRepositoryIsCreatedPrivate() {
    run("user", "create", "alice");
    run("user", "create", "bob");
    run("org", "create", "acme", "--member", "alice");
    run("org", "add-member", "acme", "bob");

    CommandRun repo = run("repo", "create", "acme/bench", "--type", "dataset", "--private");

    assertThat(repo.out()).isEqualTo("created private dataset datasets/acme/bench\n");
  }

  @Test
  void revokedTokenIsGoneFromTheList() {
    run("user", "create", "alice");
    run("token", "create", "alice", "--name", "laptop");
    run("token", "create", "alice", "--name", "ci", "--role", "read");

    CommandRun revoke = run("token", "revoke", "alice", "laptop");

    assertThat(revoke.out()).isEqualTo("revoked 1 token of alice\n");
    assertThat(run("token", "list", "alice").out())
        .contains("\tread\t")
        .contains("\tci")
        .doesNotContain("laptop");
  }

  @Test
  void refusalIsOneLineAndExitCodeOne() {
    CommandRun run = run("repo", "create", "nobody/x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("evalhub: no user or organisation \"nobody\"\n");
  }

  @Test
  void duplicateUserIsRefusedRegardlessOfCase() {
    run("user", "create", "alice");

    CommandRun again = run("user", "create", "Alice");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("taken by \"alice\"");
  }

  @Test
  void repositoryNameMustBeNamespaceSlashName() {
    run("user", "create", "alice");

    CommandRun run = run("repo", "create", "alice");

    assertThat(run.err()).isEqualTo("evalhub: \"alice\" is not NAMESPACE/NAME with valid names\n");
    assertThat(RepoId.parsePath("alice")).isEmpty();
  }
}
