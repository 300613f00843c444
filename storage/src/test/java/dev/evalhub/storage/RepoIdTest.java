package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoNames;
import dev.evalhub.domain.RepoType;
import org.junit.jupiter.api.Test;

class RepoIdTest {

  @Test
  void parsesModelAndDatasetPathsWithOrWithoutDotGit() {
    assertThat(RepoId.parsePath("/alice/gpt.git"))
        .contains(new RepoId(RepoType.MODEL, "alice", "gpt"));
    assertThat(RepoId.parsePath("datasets/acme/mmlu"))
        .contains(new RepoId(RepoType.DATASET, "acme", "mmlu"));
    assertThat(RepoId.parsePath("datasets/acme/mmlu").orElseThrow().urlPath())
        .isEqualTo("datasets/acme/mmlu");
  }

  @Test
  void refusesPathsThatNameNoRepository() {
    assertThat(RepoId.parsePath("alice")).isEmpty();
    assertThat(RepoId.parsePath("api/models")).isEmpty();
    assertThat(RepoId.parsePath("alice/a/b")).isEmpty();
  }

  @Test
  void namesFollowTheHubRules() {
    assertThat(RepoNames.problemWithRepoName("Llama-3.1_8B")).isEmpty();
    assertThat(RepoNames.problemWithRepoName(".hidden"))
        .contains("repository name \".hidden\" must not start with '.' or '-'");
    assertThat(RepoNames.problemWithRepoName("a..b")).isPresent();
    assertThat(RepoNames.problemWithRepoName("x.git")).isPresent();
    assertThat(RepoNames.problemWithRepoName("x".repeat(97))).isPresent();
    assertThat(RepoNames.problemWithRepoName("a b")).isPresent();
  }

  @Test
  void invalidNamesCannotBuildAnId() {
    assertThatThrownBy(() -> new RepoId(RepoType.MODEL, "static", "x"))
        .hasMessageContaining("reserved");
  }
}
