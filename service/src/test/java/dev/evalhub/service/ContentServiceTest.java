package dev.evalhub.service;

import static dev.evalhub.service.ServiceFixture.ANONYMOUS;
import static dev.evalhub.service.ServiceFixture.PRIVATE;
import static dev.evalhub.service.ServiceFixture.PUBLIC;
import static dev.evalhub.service.ServiceFixture.READ_TOKEN;
import static dev.evalhub.service.ServiceFixture.STRANGER;
import static dev.evalhub.service.ServiceFixture.STRANGER_READ_TOKEN;
import static dev.evalhub.service.ServiceFixture.WRITER;
import static dev.evalhub.service.ServiceFixture.as;
import static dev.evalhub.service.ServiceFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.RepoRevision;
import dev.evalhub.domain.repo.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading repositories at a revision, and who may, on a real data folder. */
class ContentServiceTest {

  @TempDir Path data;
  private ServiceFixture fixture;
  private ContentService contents;

  @BeforeEach
  void open() {
    fixture = new ServiceFixture(data);
    contents = fixture.hub.contents();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void anyoneReadsAPublicRepositoryAtAnyRevisionName() {
    String head = fixture.commit(PUBLIC, "main", "data/a.json", "{}");

    RepoRevision main =
        contents.resolve(new RepoId(RepoType.MODEL, "ALICE", "GPT"), "HEAD", ANONYMOUS);

    assertThat(main.commitId()).isEqualTo(head);
    assertThat(main.repo().id()).isEqualTo(PUBLIC);
    assertThat(contents.resolve(PUBLIC, head, ANONYMOUS).commitId()).isEqualTo(head);
    assertThat(
            new String(
                contents.file(main, "README.md", ANONYMOUS).orElseThrow().content(),
                StandardCharsets.UTF_8))
        .isEqualTo("# gpt\n");
    assertThat(contents.tree(main, "", false, ANONYMOUS).orElseThrow())
        .extracting(TreeEntry::path)
        .containsExactly(".gitattributes", "README.md", "data");
    assertThat(contents.tree(main, "", true, as(STRANGER)).orElseThrow())
        .extracting(TreeEntry::path)
        .contains("data/a.json");
  }

  @Test
  void missingRevisionsFilesAndFoldersAreValuesOrRevisionNotFound() {
    assertRefused(
        () -> contents.resolve(PUBLIC, "nowhere", ANONYMOUS), HubException.Kind.REVISION_NOT_FOUND);
    assertThat(contents.find(PUBLIC, "nowhere", ANONYMOUS)).isEmpty();
    RepoRevision main = contents.resolve(PUBLIC, "main", ANONYMOUS);
    assertThat(contents.file(main, "nothing.txt", ANONYMOUS)).isEmpty();
    assertThat(contents.tree(main, "README.md", false, ANONYMOUS)).isEmpty();
  }

  @Test
  void privateRepositoryIsReadOnlyByItsWritersWhateverTheirToken() {
    assertThat(contents.resolve(PRIVATE, "main", as(READ_TOKEN)).repo().isPrivate()).isTrue();
    assertThat(contents.resolve(PRIVATE, "main", as(WRITER)).repo().isPrivate()).isTrue();
    assertRefused(
        () -> contents.resolve(PRIVATE, "main", ANONYMOUS), HubException.Kind.REPO_NOT_FOUND);
    assertRefused(
        () -> contents.resolve(PRIVATE, "main", as(STRANGER)), HubException.Kind.REPO_NOT_FOUND);
    assertRefused(
        () -> contents.find(PRIVATE, "nowhere", as(STRANGER)), HubException.Kind.REPO_NOT_FOUND);
  }

  @Test
  void aRevisionHandedOnIsCheckedAgainForItsReader() {
    RepoRevision secret = contents.resolve(PRIVATE, "main", as(WRITER));

    assertRefused(
        () -> contents.file(secret, "README.md", as(STRANGER)), HubException.Kind.REPO_NOT_FOUND);
    assertRefused(
        () -> contents.tree(secret, "", true, ANONYMOUS), HubException.Kind.REPO_NOT_FOUND);
    assertRefused(
        () -> contents.pathsInfo(secret, List.of("README.md"), as(STRANGER_READ_TOKEN)),
        HubException.Kind.REPO_NOT_FOUND);
  }

  @Test
  void pathsInfoKeepsTheOrderAskedAndLeavesOutMissingPaths() {
    fixture.commit(PUBLIC, "main", "data/a.json", "{}");
    RepoRevision main = contents.resolve(PUBLIC, "main", ANONYMOUS);

    assertThat(contents.pathsInfo(main, List.of("data", "missing.txt", "README.md"), ANONYMOUS))
        .extracting(TreeEntry::path, TreeEntry::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data", TreeEntry.Type.DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("README.md", TreeEntry.Type.FILE));
    assertRefused(
        () -> contents.pathsInfo(main, List.of("README.md", "../x"), ANONYMOUS),
        HubException.Kind.INVALID);
  }

  @Test
  void preuploadNeedsAReaderAndValidPaths() {
    assertThat(contents.preupload(PUBLIC, List.of("a.txt", "dir/b.bin"), STRANGER_READ_TOKEN))
        .containsExactly("a.txt", "dir/b.bin");
    assertThat(contents.preupload(PRIVATE, List.of("a.txt"), READ_TOKEN)).containsExactly("a.txt");
    assertRefused(
        () -> contents.preupload(PRIVATE, List.of("a.txt"), STRANGER),
        HubException.Kind.REPO_NOT_FOUND);
    assertThatThrownBy(() -> contents.preupload(PUBLIC, List.of("/abs"), STRANGER))
        .isInstanceOf(HubException.class);
  }
}
