package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static dev.evalhub.index.IndexFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.Trust;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.repo.FileChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flags on leaderboards (issue 14), on H2 and PostgreSQL: an open flag marks its row and "hide
 * flagged" drops it; an upheld flag takes the row apart into {@code invalidated}; a rejected one
 * stays visible; an upheld contamination flag is inherited along {@code base_model} by every
 * generation, and lost when a README stops naming its parent; index equals reindex throughout.
 */
class FlagLeaderboardTest {

  private static final String FILE = ".eval_results/r.yaml";

  @TempDir Path dir;

  private static IndexFixture hub(String database, Path dir) {
    IndexFixture hub = IndexFixture.of(database, dir);
    hub.benchmark("acme/bench", evalYaml("Bench", "t1", "t2"));
    for (String model : List.of("alice/root", "alice/other", "bob/child", "bob/grandchild")) {
      hub.repo(model, false);
    }
    hub.put("alice/root", FILE, result("acme/bench", "t1", 50, ""))
        .put("alice/other", FILE, result("acme/bench", "t1", 40, ""))
        .put("bob/child", FILE, result("acme/bench", "t1", 45, ""))
        .put("bob/grandchild", FILE, result("acme/bench", "t1", 44, ""));
    return hub;
  }

  private static Leaderboard board(IndexFixture hub, boolean hideFlagged) {
    return hub.leaderboard("acme/bench", "t1", false, hideFlagged);
  }

  private static Optional<LeaderboardEntry> row(List<LeaderboardEntry> rows, String model) {
    return rows.stream().filter(e -> e.model().id().fullName().equals(model)).findFirst();
  }

  private static List<String> models(List<LeaderboardEntry> rows) {
    return rows.stream().map(e -> e.model().id().fullName()).toList();
  }

  private static void assertIndexEqualsReindex(IndexFixture hub) {
    List<String> incremental = hub.dump();
    Leaderboard before = board(hub, false);
    hub.index.ingestion().reindex(ReindexProgress.NONE);
    assertThat(hub.dump()).containsExactlyElementsOf(incremental);
    assertThat(board(hub, false)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void openFlagMarksItsRowAndHideFlaggedDropsIt(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      int number = hub.flag("alice/other", FILE, "acme/bench", "t1", FlagCategory.IRREPRODUCIBLE);

      LeaderboardEntry other = row(board(hub, false).entries(), "alice/other").orElseThrow();
      assertThat(other.trust().flags())
          .containsExactly(
              new Trust.FlagMark(
                  number, id("alice/other"), "irreproducible", "open", Optional.empty()));
      assertThat(other.badges())
          .contains(
              new Badge(
                  Badge.Kind.FLAGGED,
                  "flag #" + number + ": irreproducible",
                  "/alice/other/discussions/" + number));
      assertThat(models(board(hub, true).entries()))
          .containsExactly("alice/root", "bob/child", "bob/grandchild");
      assertThat(board(hub, true).entries())
          .extracting(LeaderboardEntry::rank)
          .containsExactly(1, 2, 3);
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void upheldFlagTakesTheRowOutOfTheDefaultLeaderboardAndRejectedKeepsIt(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      int upheld = hub.flag("alice/other", FILE, "acme/bench", "t1", FlagCategory.OTHER);
      int rejected = hub.flag("bob/child", FILE, "acme/bench", "t1", FlagCategory.OTHER);
      hub.resolveFlag("alice/other", upheld, FlagStatus.UPHELD);
      hub.resolveFlag("bob/child", rejected, FlagStatus.REJECTED);

      Leaderboard board = board(hub, false);
      assertThat(models(board.entries()))
          .containsExactly("alice/root", "bob/child", "bob/grandchild");
      assertThat(models(board.invalidated())).containsExactly("alice/other");
      LeaderboardEntry invalidated = board.invalidated().get(0);
      assertThat(invalidated.rank()).isZero();
      assertThat(invalidated.badges())
          .contains(
              new Badge(
                  Badge.Kind.INVALIDATED,
                  "flag #" + upheld + " upheld: other",
                  "/alice/other/discussions/" + upheld));
      LeaderboardEntry child = row(board.entries(), "bob/child").orElseThrow();
      assertThat(child.trust().flags())
          .extracting(Trust.FlagMark::status)
          .containsExactly("rejected");
      assertThat(child.badges()).extracting(Badge::kind).doesNotContain(Badge.Kind.FLAGGED);
      // A rejected flag is not hidden by "hide flagged".
      assertThat(models(board(hub, true).entries())).contains("bob/child");
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void upheldContaminationIsInheritedAcrossThreeGenerationsUntilTheLinkGoes(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.put("bob/child", "README.md", "---\nbase_model: alice/root\n---\n# child\n")
          .put("bob/grandchild", "README.md", "---\nbase_model: Bob/Child\n---\n# grandchild\n");
      hub.repo("bob/great", false)
          .put("bob/great", FILE, result("acme/bench", "t1", 43, ""))
          .put("bob/great", "README.md", "---\nbase_model: bob/grandchild\n---\n# great\n");
      int number = hub.flag("alice/root", FILE, "acme/bench", "t1", FlagCategory.CONTAMINATION);
      assertThat(row(board(hub, false).entries(), "bob/great").orElseThrow().trust().flags())
          .as("an open flag is not inherited")
          .isEmpty();

      hub.resolveFlag("alice/root", number, FlagStatus.UPHELD);

      Leaderboard board = board(hub, false);
      assertThat(models(board.invalidated())).containsExactly("alice/root");
      for (String descendant : List.of("bob/child", "bob/grandchild", "bob/great")) {
        LeaderboardEntry entry = row(board.entries(), descendant).orElseThrow();
        assertThat(entry.trust().flags())
            .as(descendant)
            .containsExactly(
                new Trust.FlagMark(
                    number,
                    id("alice/root"),
                    "contamination",
                    "upheld",
                    Optional.of(id("alice/root"))));
        assertThat(entry.badges())
            .contains(
                new Badge(
                    Badge.Kind.FLAGGED,
                    "inherited from alice/root",
                    "/alice/root/discussions/" + number));
      }
      assertThat(row(board.entries(), "alice/other").orElseThrow().trust().flags()).isEmpty();
      assertThat(models(board(hub, true).entries())).containsExactly("alice/other");
      assertIndexEqualsReindex(hub);

      // The grandchild stops naming its parent: it and its own child lose the mark.
      hub.put("bob/grandchild", "README.md", "---\nlicense: mit\n---\n# grandchild\n");

      Leaderboard after = board(hub, false);
      assertThat(row(after.entries(), "bob/child").orElseThrow().trust().flags()).hasSize(1);
      assertThat(row(after.entries(), "bob/grandchild").orElseThrow().trust().flags()).isEmpty();
      assertThat(row(after.entries(), "bob/great").orElseThrow().trust().flags()).isEmpty();
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void lineageCyclesEndAndOtherTasksAndPrivateAncestorsPassNothingOn(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.put("alice/root", "README.md", "---\nbase_model: bob/grandchild\n---\n# cycle\n")
          .put("bob/child", "README.md", "---\nbase_model: alice/root\n---\n# child\n")
          .put("bob/grandchild", "README.md", "---\nbase_model: bob/child\n---\n# gc\n")
          .put("bob/child", ".eval_results/t2.yaml", result("acme/bench", "t2", 45, ""));
      hub.repo("alice/secret", true)
          .put("alice/secret", FILE, result("acme/bench", "t1", 10, ""))
          .put("alice/other", "README.md", "---\nbase_model: alice/secret\n---\n# other\n");
      int root = hub.flag("alice/root", FILE, "acme/bench", "t1", FlagCategory.CONTAMINATION);
      int secret = hub.flag("alice/secret", FILE, "acme/bench", "t1", FlagCategory.CONTAMINATION);
      hub.resolveFlag("alice/root", root, FlagStatus.UPHELD);
      hub.resolveFlag("alice/secret", secret, FlagStatus.UPHELD);

      Leaderboard board = board(hub, false);
      assertThat(row(board.entries(), "bob/grandchild").orElseThrow().trust().flags()).hasSize(1);
      assertThat(row(board.entries(), "alice/other").orElseThrow().trust().flags())
          .as("a private model's flag never shows")
          .isEmpty();
      assertThat(hub.leaderboard("acme/bench", "t2", false, false).entries())
          .flatExtracting(e -> e.trust().flags())
          .as("inherited on the flagged task only")
          .isEmpty();
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void anUpheldFlagFollowsItsEntryIntoARenamedFile(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      int upheld = hub.flag("alice/other", FILE, "acme/bench", "t1", FlagCategory.OTHER);
      hub.resolveFlag("alice/other", upheld, FlagStatus.UPHELD);
      String content = result("acme/bench", "t1", 40, "");
      hub.commit(
          "alice/other",
          List.of(
              FileChange.delete(FILE),
              FileChange.put(
                  ".eval_results/renamed.yaml",
                  content.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

      Leaderboard board = board(hub, false);
      assertThat(models(board.entries())).doesNotContain("alice/other");
      assertThat(models(board.invalidated())).containsExactly("alice/other");
      assertThat(board.invalidated().get(0).location().filename())
          .isEqualTo(".eval_results/renamed.yaml");
      assertIndexEqualsReindex(hub);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void aPrivateModelBetweenTwoPublicOnesPassesNoInheritedFlagOn(String database) {
    try (IndexFixture hub = hub(database, dir)) {
      hub.repo("alice/secret-tune", true)
          .put("alice/secret-tune", "README.md", "---\nbase_model: alice/root\n---\n# s\n")
          .put("bob/child", "README.md", "---\nbase_model: alice/secret-tune\n---\n# c\n");
      int root = hub.flag("alice/root", FILE, "acme/bench", "t1", FlagCategory.CONTAMINATION);
      hub.resolveFlag("alice/root", root, FlagStatus.UPHELD);

      assertThat(row(board(hub, false).entries(), "bob/child").orElseThrow().trust().flags())
          .as(
              "inheriting would tell that bob/child derives from alice/root through a private model")
          .isEmpty();
      assertIndexEqualsReindex(hub);
    }
  }

  private static RepoId id(String model) {
    return RepoId.parsePath(model).orElseThrow();
  }
}
