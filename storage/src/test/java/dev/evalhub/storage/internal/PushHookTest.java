package dev.evalhub.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.PushPermissions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push hook lands a push's objects only when it accepts at least one of its commands. */
class PushHookTest {

  @TempDir Path dir;

  @Test
  void pushWhoseCommandsJGitRefusedAllLandsNothing() throws Exception {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(dir.resolve("r.git").toFile()).build()) {
      repository.create(true);
      AtomicInteger landings = new AtomicInteger();
      PushHook hook =
          new PushHook(
              new RepoId(RepoType.MODEL, "alice", "gpt"),
              "alice",
              PushPermissions.of(true, "alice"),
              EvalFormats.standard(),
              events -> {},
              null,
              () -> {
                landings.incrementAndGet();
                return Optional.empty();
              });

      // JGit passes only the commands it did not refuse itself (here: none, as after a stale old
      // id).
      hook.onPreReceive(new ReceivePack(repository), List.<ReceiveCommand>of());

      assertThat(landings).hasValue(0);
    }
  }

  @Test
  void quotaRefusalRefusesEveryCommandWithTheReason() throws Exception {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(dir.resolve("r.git").toFile()).build()) {
      repository.create(true);
      PushHook hook =
          new PushHook(
              new RepoId(RepoType.MODEL, "alice", "gpt"),
              "alice",
              PushPermissions.of(true, "alice"),
              EvalFormats.standard(),
              events -> {},
              null,
              () -> Optional.of("over the limit"));
      ReceiveCommand command =
          new ReceiveCommand(
              ObjectId.zeroId(), ObjectId.zeroId(), "refs/tags/v1", ReceiveCommand.Type.DELETE);

      hook.onPreReceive(new ReceivePack(repository), List.of(command));

      assertThat(command.getResult()).isEqualTo(ReceiveCommand.Result.REJECTED_OTHER_REASON);
      assertThat(command.getMessage()).isEqualTo("over the limit");
    }
  }
}
