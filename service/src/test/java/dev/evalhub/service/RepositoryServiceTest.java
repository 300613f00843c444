package dev.evalhub.service;

import static dev.evalhub.service.ServiceFixture.ANONYMOUS;
import static dev.evalhub.service.ServiceFixture.PRIVATE;
import static dev.evalhub.service.ServiceFixture.PUBLIC;
import static dev.evalhub.service.ServiceFixture.READ_TOKEN;
import static dev.evalhub.service.ServiceFixture.STRANGER;
import static dev.evalhub.service.ServiceFixture.WRITER;
import static dev.evalhub.service.ServiceFixture.as;
import static dev.evalhub.service.ServiceFixture.assertRefused;
import static dev.evalhub.service.ServiceFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.ListedRepo;
import dev.evalhub.domain.repo.RepoInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may create, delete, find and list repositories, on a real data folder. */
class RepositoryServiceTest {

  private static final RepoId NEW = new RepoId(RepoType.MODEL, "alice", "fresh");

  @TempDir Path data;
  private ServiceFixture fixture;
  private RepositoryService repositories;

  @BeforeEach
  void open() {
    fixture = new ServiceFixture(data);
    repositories = fixture.hub.repositories();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void writerCreatesInItsNamespaceWithFirstFilesSpelledAsTheNamespaceIs() {
    RepoInfo created =
        repositories.create(
            new RepoId(RepoType.MODEL, "ALICE", "fresh"),
            true,
            WRITER,
            List.of(file("notes.md", "hi\n")));

    assertThat(created).isEqualTo(new RepoInfo(NEW, true));
    assertThat(
            fixture
                .hub
                .contents()
                .file(
                    fixture.hub.contents().resolve(NEW, "main", as(WRITER)),
                    "notes.md",
                    as(WRITER)))
        .isPresent();
  }

  @Test
  void strangerCannotCreateInAnotherNamespace() {
    assertRefused(
        () -> repositories.create(NEW, false, STRANGER, List.of()), HubException.Kind.FORBIDDEN);
    assertRefused(
        () -> repositories.createEmpty(NEW, false, STRANGER), HubException.Kind.FORBIDDEN);
    assertThat(fixture.storage.repositories().find(NEW)).isEmpty();
  }

  @Test
  void readTokenCannotCreateEvenInItsOwnNamespace() {
    assertThatThrownBy(() -> repositories.create(NEW, false, READ_TOKEN, List.of()))
        .hasMessage("you cannot create repositories in \"alice\"");
  }

  @Test
  void creationNeedsAnExistingNamespaceBeforeAnyPermission() {
    assertThatThrownBy(
            () ->
                repositories.create(
                    new RepoId(RepoType.MODEL, "nobody", "x"), false, STRANGER, List.of()))
        .hasMessage("no user or organisation \"nobody\"");
  }

  @Test
  void anExistingNameIsAConflictForItsWriter() {
    assertRefused(
        () ->
            repositories.create(
                new RepoId(RepoType.MODEL, "alice", "GPT"), false, WRITER, List.of()),
        HubException.Kind.CONFLICT);
  }

  @Test
  void emptyRepositoryHasNoMainAndAnEventByItsCreator() {
    repositories.createEmpty(NEW, false, WRITER);

    assertThat(fixture.hub.contents().find(NEW, "main", as(WRITER))).isEmpty();
    assertThat(fixture.storage.events().readAfter(0))
        .last()
        .satisfies(
            event -> {
              assertThat(event.newId()).isEqualTo(CommitId.ZERO);
              assertThat(event.actor()).isEqualTo(new AccountName("alice"));
            });
  }

  @Test
  void administratorCreatesInAnyNamespace() {
    assertThat(
            repositories
                .createAsAdministrator(new RepoId(RepoType.DATASET, "bob", "bench"), false)
                .id())
        .isEqualTo(new RepoId(RepoType.DATASET, "bob", "bench"));
  }

  @Test
  void writerDeletesAndTheRepositoryIsGone() {
    repositories.delete(PUBLIC, WRITER);

    assertThat(fixture.storage.repositories().find(PUBLIC)).isEmpty();
    assertThat(fixture.storage.events().readAfter(0))
        .last()
        .satisfies(
            event -> {
              assertThat(event.newId()).isEqualTo(CommitId.ZERO);
              assertThat(event.actor()).isEqualTo(new AccountName("alice"));
            });
  }

  @Test
  void strangerCannotDeleteAndIsToldItDoesNotExistWhenPrivate() {
    assertRefused(() -> repositories.delete(PUBLIC, STRANGER), HubException.Kind.FORBIDDEN);
    assertRefused(() -> repositories.delete(PRIVATE, STRANGER), HubException.Kind.REPO_NOT_FOUND);
    assertThat(fixture.storage.repositories().find(PRIVATE)).isPresent();
  }

  @Test
  void readTokenCannotDelete() {
    assertThatThrownBy(() -> repositories.delete(PRIVATE, READ_TOKEN))
        .hasMessage("only a writer of alice/secret with a write token can delete it");
  }

  @Test
  void privateRepositoryIsFoundOnlyByItsWriters() {
    assertThat(repositories.info(new RepoId(RepoType.MODEL, "Alice", "Secret"), as(READ_TOKEN)))
        .isEqualTo(new RepoInfo(PRIVATE, true));
    assertRefused(() -> repositories.info(PRIVATE, ANONYMOUS), HubException.Kind.REPO_NOT_FOUND);
    assertRefused(() -> repositories.info(PRIVATE, as(STRANGER)), HubException.Kind.REPO_NOT_FOUND);
    assertThat(repositories.info(PUBLIC, ANONYMOUS).isPrivate()).isFalse();
  }

  @Test
  void listingShowsPrivateRepositoriesToTheirWritersOnly() {
    assertThat(names(repositories.list(RepoType.MODEL, "", Optional.empty(), ANONYMOUS)))
        .containsExactly("alice/gpt");
    assertThat(names(repositories.list(RepoType.MODEL, "", Optional.empty(), as(STRANGER))))
        .containsExactly("alice/gpt");
    assertThat(names(repositories.list(RepoType.MODEL, "", Optional.empty(), as(READ_TOKEN))))
        .containsExactlyInAnyOrder("alice/gpt", "alice/secret");
  }

  @Test
  void listingFiltersBySearchAndAuthorInAnyCaseAndLeavesOutRepositoriesWithoutMain() {
    repositories.createEmpty(NEW, false, WRITER);

    assertThat(names(repositories.list(RepoType.MODEL, "GP", Optional.empty(), as(WRITER))))
        .containsExactly("alice/gpt");
    assertThat(names(repositories.list(RepoType.MODEL, "", Optional.of("ALICE"), as(WRITER))))
        .containsExactlyInAnyOrder("alice/gpt", "alice/secret");
    assertThat(names(repositories.list(RepoType.MODEL, "", Optional.of("bob"), as(WRITER))))
        .isEmpty();
    assertThat(
            repositories
                .list(RepoType.MODEL, "gpt", Optional.empty(), ANONYMOUS)
                .get(0)
                .rootEntries())
        .extracting(entry -> entry.path())
        .containsExactly(".gitattributes", "README.md");
  }

  @Test
  void searchIsSortedLimitedAndHidesPrivateRepositories() {
    repositories.createAsAdministrator(new RepoId(RepoType.MODEL, "bob", "Gpt-2"), false);

    assertThat(repositories.search(RepoType.MODEL, " gpt ", 10, ANONYMOUS))
        .containsExactly("alice/gpt", "bob/Gpt-2");
    assertThat(repositories.search(RepoType.MODEL, "", 1, ANONYMOUS)).containsExactly("alice/gpt");
    assertThat(repositories.search(RepoType.MODEL, "secret", 10, as(STRANGER))).isEmpty();
    assertThat(repositories.search(RepoType.MODEL, "secret", 10, as(WRITER)))
        .containsExactly("alice/secret");
  }

  private static List<String> names(List<ListedRepo> listed) {
    return listed.stream().map(repo -> repo.repo().id().fullName()).toList();
  }
}
