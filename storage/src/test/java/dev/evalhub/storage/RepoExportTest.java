package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit's tree written out as plain files for the runner: regular and executable files, never a
 * symbolic link or a submodule link, nothing outside the target folder.
 */
class RepoExportTest {

  private static final RepoId MODEL = new RepoId(RepoType.MODEL, "alice", "gpt");

  @TempDir Path data;

  @Test
  void aTreeIsWrittenAsPlainFilesWithoutLinks() throws Exception {
    AtomicReference<ObjectId> commit = new AtomicReference<>();
    try (TestStorage hub = TestStorage.open(data).users("alice").repo(MODEL)) {
      hub.git(
          MODEL,
          git -> {
            ObjectId script = git.blob("#!/bin/sh\necho hi\n");
            commit.set(
                git.branch(RefNames.MAIN)
                    .commit()
                    .add("answers.json", "{}")
                    .add("deep/folder/notes.txt", "n")
                    .entry("run.sh", FileMode.EXECUTABLE_FILE, script)
                    .symlink("escape", "/etc/passwd")
                    .gitlink("vendor/lib", ObjectId.fromString("a".repeat(40)))
                    .create()
                    .newId());
          });
      Path target = data.resolve("checkout");

      int written = hub.storage().contents().export(MODEL, commit.get().name(), target);

      assertThat(written).as("with the .gitattributes of the repository's creation").isEqualTo(4);
      assertThat(target.resolve(".gitattributes")).isRegularFile();
      assertThat(Files.readString(target.resolve("answers.json"))).isEqualTo("{}");
      assertThat(Files.readString(target.resolve("deep/folder/notes.txt"))).isEqualTo("n");
      assertThat(Files.isExecutable(target.resolve("run.sh"))).isTrue();
      assertThat(Files.exists(target.resolve("escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .isFalse();
      try (Stream<Path> files = Files.walk(target)) {
        assertThat(files.filter(Files::isSymbolicLink)).isEmpty();
      }
      assertThat(Files.exists(target.resolve("vendor/lib"))).isFalse();
    }
  }

  @Test
  void aCommitThatIsNotInTheRepositoryIsRevisionNotFound() {
    try (TestStorage hub = TestStorage.open(data).users("alice").repo(MODEL)) {
      assertThatThrownBy(
              () ->
                  hub.storage().contents().export(MODEL, "b".repeat(40), data.resolve("checkout")))
          .isInstanceOf(HubException.class)
          .extracting(e -> ((HubException) e).kind())
          .isEqualTo(HubException.Kind.REVISION_NOT_FOUND);
    }
  }
}
