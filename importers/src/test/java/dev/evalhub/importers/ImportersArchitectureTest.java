package dev.evalhub.importers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The importers read local bytes only: no network, and nothing of the hub above them. */
class ImportersArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.importers");

  @Test
  void importersUseNoNetwork() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "javax.net..", "java.net.http..")
        .because("a log is bytes in, values out; fetching is the caller's business")
        .check(CLASSES);
  }

  @Test
  void importersKnowNothingOfTheHub() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.evalhub.domain..",
            "dev.evalhub.storage..",
            "dev.evalhub.index..",
            "dev.evalhub.service..",
            "dev.evalhub.server..",
            "dev.evalhub.cli..")
        .because("importers depend on formats only")
        .check(CLASSES);
  }
}
