package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoType;
import org.junit.jupiter.api.Test;

class RequestPathTest {

  @Test
  void encodedRevisionIsOneSegment() {
    RequestPath path = RequestPath.ofFile("/alice/gpt/resolve/refs%2Fpr%2F3/a/b.json");

    assertThat(path.repo().fullName()).isEqualTo("alice/gpt");
    assertThat(path.action()).isEqualTo("resolve");
    assertThat(path.revisionPath())
        .isEqualTo(new RequestPath.RevisionPath("refs/pr/3", "a/b.json"));
  }

  @Test
  void unencodedFullRefTakesThreeSegments() {
    RequestPath path = RequestPath.ofApi("/api/datasets/alice/bench/tree/refs/pr/12/dir/sub");

    assertThat(path.repo().type()).isEqualTo(RepoType.DATASET);
    assertThat(path.revisionPath())
        .isEqualTo(new RequestPath.RevisionPath("refs/pr/12", "dir/sub"));
  }

  @Test
  void branchTakesOneSegmentAndPlusStaysAPlus() {
    RequestPath path = RequestPath.ofFile("/datasets/alice/bench/raw/main/c%2B%2B/a+b%20c.txt");

    assertThat(path.revisionPath())
        .isEqualTo(new RequestPath.RevisionPath("main", "c++/a+b c.txt"));
  }

  @Test
  void revisionWithoutPathIsTheRoot() {
    assertThat(RequestPath.ofApi("/api/models/alice/gpt/tree/main").revisionPath())
        .isEqualTo(new RequestPath.RevisionPath("main", ""));
  }

  @Test
  void invalidRepositoryNameIsRepoNotFound() {
    assertThatThrownBy(() -> RequestPath.ofApi("/api/models/alice/-bad/tree/main"))
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.REPO_NOT_FOUND);
  }
}
