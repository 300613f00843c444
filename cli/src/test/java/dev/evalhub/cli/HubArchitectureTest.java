package dev.evalhub.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules of the whole tree, checked where every module is on the class path: the layers depend
 * one way (formats, domain ← verification, storage, index ← service ← server, runner ← cli; the
 * runner, the evaluation worker, is a front end beside the server; importers, on formats only, used
 * by the index (per-sample details) the service and the front ends; statistics, on no other module,
 * used by index, service and the front ends), front ends reach storage, the index and git only
 * through the services, the index reads git only through storage, and only the services decide
 * permissions. The main classes of every module are checked, whether the reactor hands them over as
 * folders or as jars; test classes and test jars are not.
 */
class HubArchitectureTest {

  /** The packages of the layers (the test-support module's {@code dev.evalhub.testing} is none). */
  private static final String[] LAYERS = {
    "dev.evalhub.formats",
    "dev.evalhub.statistics",
    "dev.evalhub.importers",
    "dev.evalhub.domain",
    "dev.evalhub.verification",
    "dev.evalhub.storage",
    "dev.evalhub.index",
    "dev.evalhub.service",
    "dev.evalhub.server",
    "dev.evalhub.runner",
    "dev.evalhub.cli"
  };

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages(LAYERS);

  @Test
  void layersDependOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("formats")
        .definedBy("dev.evalhub.formats..")
        .layer("statistics")
        .definedBy("dev.evalhub.statistics..")
        .layer("importers")
        .definedBy("dev.evalhub.importers..")
        .layer("domain")
        .definedBy("dev.evalhub.domain..")
        .layer("verification")
        .definedBy("dev.evalhub.verification..")
        .layer("storage")
        .definedBy("dev.evalhub.storage..")
        .layer("index")
        .definedBy("dev.evalhub.index..")
        .layer("service")
        .definedBy("dev.evalhub.service..")
        .layer("server")
        .definedBy("dev.evalhub.server..")
        .layer("runner")
        .definedBy("dev.evalhub.runner..")
        .layer("cli")
        .definedBy("dev.evalhub.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("server")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("runner")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("service")
        .mayOnlyBeAccessedByLayers("server", "runner", "cli")
        .whereLayer("index")
        .mayOnlyBeAccessedByLayers("service")
        .whereLayer("storage")
        .mayOnlyBeAccessedByLayers("index", "service")
        .whereLayer("verification")
        .mayOnlyBeAccessedByLayers("index", "service", "server", "cli", "storage")
        .whereLayer("importers")
        .mayOnlyBeAccessedByLayers("index", "service", "server", "cli")
        .whereLayer("statistics")
        .mayOnlyBeAccessedByLayers("index", "service", "server", "cli")
        .whereLayer("domain")
        .mayOnlyBeAccessedByLayers(
            "verification", "storage", "index", "service", "server", "runner", "cli")
        .check(CLASSES);
  }

  /** The statistics are pure numbers: they use no other evalhub module. */
  @Test
  void statisticsUseNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.statistics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.evalhub.formats..",
            "dev.evalhub.importers..",
            "dev.evalhub.domain..",
            "dev.evalhub.verification..",
            "dev.evalhub.storage..",
            "dev.evalhub.index..",
            "dev.evalhub.service..",
            "dev.evalhub.server..",
            "dev.evalhub.cli..")
        .check(CLASSES);
  }

  /** The front ends hold an {@code EvalHub} and call its services; they never see what is below. */
  @Test
  void frontEndsUseNeitherStorageNorTheIndex() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.evalhub.server..", "dev.evalhub.runner..", "dev.evalhub.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.evalhub.storage..", "dev.evalhub.index..")
        .check(CLASSES);
  }

  /**
   * Git over HTTP is JGit's {@code GitFilter}: the two classes that wire it (with the git service's
   * resolver and receive-pack factory) are the only front-end classes that see JGit types.
   */
  @Test
  void frontEndsUseNoJgit() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.evalhub.server..", "dev.evalhub.runner..", "dev.evalhub.cli..")
        .and()
        .doNotHaveFullyQualifiedName("dev.evalhub.server.HubServer")
        .and()
        .doNotHaveFullyQualifiedName("dev.evalhub.server.internal.GitServices")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void theIndexUsesNoJgit() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.index..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void onlyTheServicesDecidePermissions() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.evalhub.service..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.evalhub.service.Permissions")
        .check(CLASSES);
  }
}
