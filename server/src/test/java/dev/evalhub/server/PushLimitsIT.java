package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import dev.evalhub.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushLimitsIT {

  @TempDir Path temp;

  @Test
  void objectAboveTheConfiguredLimitIsRefusedAndNoRefMoves() throws Exception {
    ServerConfig config =
        new ServerConfig(
            temp.resolve("data"),
            "127.0.0.1",
            0,
            1L << 20,
            10_000,
            ServerConfig.DEFAULT_MAX_COMMIT_BYTES,
            "",
            "");
    try (HubServer server = HubServer.start(config)) {
      server.hub().storage().accounts().createUser("alice");
      String token =
          server.hub().storage().accounts().createToken("alice", Role.WRITE, "t").secret();
      server.hub().storage().createRepository(RepoId.parsePath("alice/gpt").orElseThrow(), false);
      GitCli git = new GitCli(temp.resolve("home"));
      String url = "http://x:" + token + "@127.0.0.1:" + server.port() + "/alice/gpt";
      Path clone = temp.resolve("clone");
      git.ok(temp, "clone", "-q", url, clone.toString());
      String before = git.ok(clone, "rev-parse", "HEAD").strip();
      byte[] noise = new byte[50_000];
      new Random(1).nextBytes(noise);
      Files.write(clone.resolve("big.dat"), noise);
      git.ok(clone, "add", "big.dat");
      git.ok(clone, "commit", "-q", "-m", "big");

      GitCli.Result push = git.run(clone, "push", "origin", "main");

      assertThat(push.ok()).isFalse();
      assertThat(push.output()).contains("Object too large").contains("Max object size limit is");
      assertThat(git.ok(temp, "ls-remote", url, "refs/heads/main")).startsWith(before);
    }
  }
}
