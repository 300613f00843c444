package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.storage.RefNames;
import dev.evalhub.testing.TestRepository;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No single repository, ref or file stops ingestion, start-up catch-up or a rebuild: trees that
 * push validation would refuse are written here with JGit directly (a gitlink or a symlink where
 * the hub reads a file, a blob or a commit that is missing, an unreadable pull request record).
 * Each is recorded as a failure of its ref, the rest of the hub is indexed, a rebuild records the
 * same, and the next good commit of the ref clears it.
 */
@Tag("hostile")
class FailureIsolationTest {

  private static final ObjectId NOWHERE = TestRepository.NOWHERE;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void gitlinkOnAPullRequestIsRecordedForItsRefAndEveryOtherPushIsStillIndexed(String database)
      throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1"))
          .repo("alice/gpt", false)
          .repo("bob/llm", false);
      int pr =
          hub.pullRequest(
              "alice/gpt", ".eval_results/pr.yaml", result("acme/bench", "t1", 0.5, ""));
      ObjectId bad =
          plant(
              hub,
              "alice/gpt",
              RefNames.pullRequest(pr),
              ".eval_results/x.yaml",
              FileMode.GITLINK,
              NOWHERE);

      hub.put("bob/llm", ".eval_results/r.yaml", result("acme/bench", "t1", 0.7, ""));
      hub.put("alice/gpt", ".eval_results/r.yaml", result("acme/bench", "t1", 0.6, ""));

      assertThat(hub.index.failures())
          .singleElement()
          .satisfies(
              failure -> {
                assertThat(failure.repo()).isEqualTo("alice/gpt");
                assertThat(failure.ref()).isEqualTo("refs/pr/" + pr);
                assertThat(failure.commit()).hasValue(bad.name());
                assertThat(failure.since()).isPresent();
                assertThat(failure.error())
                    .isEqualTo(
                        ".eval_results/x.yaml: must be a regular file, not a gitlink"
                            + " (submodule)");
              });
      assertThat(hub.leaderboard("acme/bench", "t1", false).entries())
          .extracting(Rows::modelId)
          .containsExactly("bob/llm", "alice/gpt");
      assertRebuildEqualsIncremental(hub);

      plant(
          hub,
          "alice/gpt",
          RefNames.pullRequest(pr),
          ".eval_results/x.yaml",
          FileMode.REGULAR_FILE,
          blob(hub, "alice/gpt", result("acme/bench", "t1", 0.9, "")));

      assertThat(hub.index.failures()).isEmpty();
      // The pull request's 0.9 is read again: a claim (with its 0.5) on alice's row from main,
      // which it does not replace.
      assertThat(hub.leaderboard("acme/bench", "t1", false).entries())
          .satisfiesExactly(
              bob -> assertThat(Rows.modelId(bob)).isEqualTo("bob/llm"),
              alice ->
                  assertThat(alice.claims())
                      .extracting(LeaderboardEntry.Claim::value)
                      .containsExactly(0.9, 0.5));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void everyUnreadableKindIsRecordedAndStartUpCatchUpAndReconcileComplete(String database)
      throws Exception {
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1"))
          .benchmark("acme/linked", evalYaml("Linked", "t1"));
      for (String model :
          List.of(
              "alice/card",
              "alice/symlink",
              "alice/blob",
              "alice/commit",
              "alice/records",
              "bob/fine")) {
        hub.repo(model, model.equals("alice/blob"));
      }
      hub.put("alice/card", ".eval_results/r.yaml", result("acme/bench", "t1", 0.1, ""));
      hub.pullRequest(
          "alice/records", ".eval_results/pr.yaml", result("acme/bench", "t1", 0.2, ""));
      // As after a crash: the server is down while the bad refs arrive, and catches up when it
      // starts again.
      hub.live.set(false);
      plant(hub, "datasets/acme/linked", RefNames.MAIN, "eval.yaml", FileMode.GITLINK, NOWHERE);
      plant(hub, "alice/card", RefNames.MAIN, "README.md", FileMode.GITLINK, NOWHERE);
      plant(
          hub,
          "alice/symlink",
          RefNames.MAIN,
          ".eval_results/y.yaml",
          FileMode.SYMLINK,
          blob(hub, "alice/symlink", "../../etc/passwd"));
      plant(
          hub, "alice/blob", RefNames.MAIN, ".eval_results/z.yaml", FileMode.REGULAR_FILE, NOWHERE);
      pointAt(hub, "alice/commit", RefNames.MAIN, NOWHERE);
      pointAt(
          hub,
          "alice/records",
          RefNames.pullRequestRecord(1),
          blob(hub, "alice/records", "not a commit"));
      hub.put("bob/fine", ".eval_results/r.yaml", result("acme/bench", "t1", 0.3, ""));

      hub.live.set(true);
      hub.index.ingestion().catchUp();
      hub.index.ingestion().reconcile();

      assertThat(hub.index.failures())
          .extracting(
              f ->
                  f.repo()
                      + " "
                      + f.ref()
                      + " "
                      + f.isPrivate()
                      + ": "
                      + f.error().replaceAll("[0-9a-f]{40}", "ID"))
          .containsExactly(
              "alice/blob refs/heads/main true: Missing unknown ID",
              "alice/card refs/heads/main false: README.md: must be a regular file, not a gitlink (submodule)",
              "alice/commit refs/heads/main false: Missing unknown ID",
              "alice/records refs/meta/pr/ false: cannot read or write the discussions of alice/records: Object ID is"
                  + " not a commit.",
              "alice/symlink refs/heads/main false: .eval_results/y.yaml: must be a regular file, not a symlink",
              "datasets/acme/linked refs/heads/main false: eval.yaml: must be a regular file, not a gitlink"
                  + " (submodule)");
      assertThat(hub.leaderboard("acme/bench", "t1", false).entries())
          .extracting(Rows::modelId)
          .containsExactly("bob/fine");
      assertRebuildEqualsIncremental(hub);
    }
  }

  private static void assertRebuildEqualsIncremental(IndexFixture hub) throws Exception {
    List<String> incremental = hub.dump();
    assertThat(incremental).anyMatch(row -> row.startsWith("ref_failures"));
    hub.index.ingestion().reindex(ReindexProgress.NONE);
    assertThat(hub.dump()).containsExactlyElementsOf(incremental);
  }

  /** A blob written to {@code repo}'s object database. */
  private static ObjectId blob(IndexFixture hub, String repo, String content) {
    return hub.testStorage.blob(RepoId.parsePath(repo).orElseThrow(), content);
  }

  /**
   * Commits, on the current commit of {@code ref} (else main), its tree plus {@code path} with
   * {@code mode} and {@code id}, moves {@code ref} there and appends the event, as a push that
   * skipped validation would.
   */
  private static ObjectId plant(
      IndexFixture hub, String repo, String ref, String path, FileMode mode, ObjectId id) {
    return hub.testStorage
        .plant(
            RepoId.parsePath(repo).orElseThrow(),
            ref,
            "mallory",
            commit -> commit.entry(path, mode, id).message("planted " + path))
        .newId();
  }

  /**
   * Points {@code ref} at {@code id} whatever it is (a missing object, a blob), and appends the
   * event.
   */
  private static void pointAt(IndexFixture hub, String repo, String ref, ObjectId id) {
    hub.testStorage.pointAt(RepoId.parsePath(repo).orElseThrow(), ref, id, "mallory");
  }
}
