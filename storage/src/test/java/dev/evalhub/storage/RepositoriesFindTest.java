package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.RepoInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Repositories#find} (one stat when the repository is known and spelled as created) sees
 * what another process sharing the data folder does: a second {@code Repositories} on the same
 * folder creates, deletes, re-creates and edits the config of repositories between lookups.
 */
class RepositoriesFindTest {

  @TempDir Path temp;

  /** The repositories' folder; deleted ones go to its sibling {@code trash}, inside temp too. */
  private Path root;

  private static final RepoId CREATED = new RepoId(RepoType.DATASET, "Alice", "Bench");
  private static final RepoId LOWER = new RepoId(RepoType.DATASET, "alice", "bench");

  @BeforeEach
  void folder() {
    root = temp.resolve("repos");
  }

  @Test
  void findsWithTheCreatedSpellingWhicheverSpellingAsks() {
    Repositories writer = new Repositories(root);
    Repositories reader = new Repositories(root);
    assertThat(reader.find(CREATED)).isEmpty();
    writer.createBare(CREATED, false);
    for (int i = 0; i < 3; i++) {
      assertThat(reader.find(CREATED)).contains(new RepoInfo(CREATED, false));
      assertThat(reader.find(LOWER)).contains(new RepoInfo(CREATED, false));
    }
    assertThat(reader.find(new RepoId(RepoType.MODEL, "Alice", "Bench"))).isEmpty();
  }

  @Test
  void seesAnotherProcessDeleteAndCreateAgain() {
    Repositories writer = new Repositories(root);
    Repositories reader = new Repositories(root);
    writer.createBare(CREATED, false);
    assertThat(reader.find(CREATED)).contains(new RepoInfo(CREATED, false));

    writer.moveToTrash(CREATED, Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(reader.find(CREATED)).isEmpty();
    assertThat(reader.find(LOWER)).isEmpty();

    writer.createBare(CREATED, true);
    assertThat(reader.find(CREATED)).contains(new RepoInfo(CREATED, true));
    assertThat(reader.find(LOWER)).contains(new RepoInfo(CREATED, true));
  }

  @Test
  void seesAnotherProcessChangeTheVisibility() throws Exception {
    Repositories writer = new Repositories(root);
    Repositories reader = new Repositories(root);
    writer.createBare(CREATED, false);
    assertThat(reader.find(CREATED).map(RepoInfo::isPrivate)).contains(false);

    Path config;
    try (Repository repository = writer.open(CREATED)) {
      StoredConfig stored = repository.getConfig();
      stored.setBoolean("evalhub", null, "private", true);
      stored.save();
      config = repository.getDirectory().toPath().resolve("config");
    }
    // Within the file system's timestamp granularity the save may keep the time: move it on.
    Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(reader.find(CREATED).map(RepoInfo::isPrivate)).contains(true);
    assertThat(reader.find(LOWER).map(RepoInfo::isPrivate)).contains(true);
  }

  @Test
  void aRepositoryWithoutConfigStaysPrivate() throws Exception {
    Repositories writer = new Repositories(root);
    Repositories reader = new Repositories(root);
    writer.createBare(CREATED, false);
    assertThat(reader.find(CREATED).map(RepoInfo::isPrivate)).contains(false);
    Path config = root.resolve("datasets").resolve("Alice").resolve("Bench.git").resolve("config");
    Files.delete(config);
    Optional<RepoInfo> found = reader.find(CREATED);
    assertThat(found).contains(new RepoInfo(CREATED, true));
  }
}
