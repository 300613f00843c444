package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RepoReader#history}: the versions of one file on main's first-parent line, newest first,
 * each named by the account the hub recorded (push note) or, without a note, by the author.
 */
class RepoReaderHistoryTest {

  private static final RepoId DATASET = new RepoId(RepoType.DATASET, "alice", "bench");

  @TempDir Path data;
  private TestStorage test;
  private Storage storage;

  @BeforeEach
  void open() {
    test = TestStorage.open(data).users("alice", "bob").repo(DATASET);
    storage = test.storage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void commit(String path, String content, String message, String account) {
    assertThat(
            TestStorage.commitFile(storage, DATASET, path, content, message, account).isCommitted())
        .isTrue();
  }

  @Test
  void versionsOfOneFileNewestFirstWithTheirAccountsSkippingOtherCommits() throws Exception {
    commit("notes.md", "a", "unrelated", "alice");
    commit("data.txt", "one", "first", "alice");
    commit("notes.md", "b", "unrelated again", "bob");
    commit("data.txt", "two", "second\n\nwith a body", "bob");
    // A commit the hub did not note (as history older than the notes): named by its author.
    test.plant(
        DATASET,
        RefNames.MAIN,
        "bob",
        c -> c.rm("data.txt").author("Old Author", "old@example.org").message("removed"));

    RepoReader.PathHistory history;
    try (RepoReader reader = storage.reader(DATASET)) {
      history = reader.history(reader.head(RefNames.MAIN).orElseThrow(), "data.txt");
    }

    List<RepoReader.PathVersion> versions = history.versions();
    assertThat(history.truncated()).isFalse();
    assertThat(versions)
        .extracting(RepoReader.PathVersion::account, RepoReader.PathVersion::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Old Author", "removed"),
            org.assertj.core.groups.Tuple.tuple("bob", "second\n\nwith a body"),
            org.assertj.core.groups.Tuple.tuple("alice", "first"));
    assertThat(versions.get(0).content()).isEmpty();
    assertThat(new String(versions.get(1).content().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("two");
    assertThat(versions.get(1).timeMillis()).isGreaterThanOrEqualTo(versions.get(2).timeMillis());
  }
}
