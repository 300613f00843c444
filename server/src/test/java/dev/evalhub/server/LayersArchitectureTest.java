package dev.evalhub.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Storage and server depend one way, keep their internals to themselves, and one class spells every
 * ref.
 */
class LayersArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.storage", "dev.evalhub.server");

  @Test
  void storageKnowsNothingOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.evalhub.server..", "dev.evalhub.cli..", "io.javalin..", "jakarta.servlet..")
        .check(CLASSES);
  }

  @Test
  void theServerDoesNotReachIntoStorageInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.evalhub.storage.internal..")
        .check(CLASSES);
  }

  @Test
  void apiHandlersUseTheStorageApiNotJgit() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.server..")
        .and()
        .doNotHaveSimpleName("GitServices")
        .and()
        .doNotHaveSimpleName("HubServer")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void repositoryFrontEndsCallTheServicesNotStorage() {
    noClasses()
        .that()
        .haveNameMatching(
            "dev\\.evalhub\\.server\\.(internal\\.((CreateRepo|DeleteRepo|Preupload|Commit"
                + "|Tree|PathsInfo|RepoInfo|RepoList|File)Handler|RequestPath|RepoCards?|RepoExpand|RepoJson|RequestAccess"
                + "|NdjsonCommit)|pages\\.(FilePages|HomePages))(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.evalhub.storage..", "org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void accountKeyOperationsAndGitFrontEndsCallServicesOnly() {
    noClasses()
        .that()
        .haveNameMatching(
            "dev\\.evalhub\\.server\\.internal\\.(Authenticator|WhoAmIHandler"
                + "|JwksHandler|HealthHandler|GitAccessFilter|GitServices|RequestAccess)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.evalhub.storage..", "dev.evalhub.index..")
        .check(CLASSES);
  }

  @Test
  void discussionAndHistoryFrontEndsCallOnlyTheirServices() {
    noClasses()
        .that()
        .haveSimpleName("DiscussionsHandler")
        .or()
        .haveSimpleName("DiscussionJson")
        .or()
        .haveSimpleName("ResultHistoryHandler")
        .or()
        .haveSimpleName("PullRequestPages")
        .or()
        .haveSimpleName("HistoryPages")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.evalhub.storage..", "dev.evalhub.index..", "org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void pagesReadThroughServicesNotJdbcNorIndexInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.server.pages..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "dev.evalhub.index.internal..")
        .check(CLASSES);
  }

  @Test
  void leaderboardFrontEndsCallTheServiceNotTheIndex() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.evalhub.server..")
        .and()
        .haveSimpleNameStartingWith("Leaderboard")
        .or()
        .haveSimpleNameStartingWith("Benchmark")
        .or()
        .haveSimpleNameStartingWith("EvalResult")
        .or()
        .haveSimpleName("RenderedLeaderboards")
        .or()
        .haveSimpleName("RepoInfoHandler")
        .or()
        .haveSimpleName("RepoListHandler")
        .or()
        .haveSimpleName("HomePages")
        .or()
        .haveSimpleName("ModelPages")
        .or()
        .haveSimpleName("PageRoutes")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.evalhub.index..")
        .check(CLASSES);
  }

  @Test
  void onlyRefNamesSpellsRefs() throws IOException {
    Path root = Path.of(System.getProperty("evalhub.projectRoot", ".."));
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
              // RefNames spells the namespaces; domain's RefName, the typed id, checks the "refs/"
              // prefix itself.
              .filter(
                  f ->
                      !f.getFileName().toString().equals("RefNames.java")
                          && !f.toString().endsWith("dev/evalhub/domain/RefName.java"))
              .filter(f -> read(f).contains("\"refs/"))
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
