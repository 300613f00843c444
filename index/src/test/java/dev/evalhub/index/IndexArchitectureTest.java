package dev.evalhub.index;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The index sits between storage and the front ends: it knows neither the server nor the command
 * line.
 */
class IndexArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.index");

  @Test
  void theIndexKnowsNothingOfTheFrontEnds() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.index..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.evalhub.server..",
            "dev.evalhub.cli..",
            "io.javalin..",
            "jakarta.servlet..",
            "dev.evalhub.storage.internal..")
        .check(CLASSES);
  }

  @Test
  void theIndexReadsGitThroughStorageNeverThroughJgit() {
    noClasses()
        .that()
        .resideInAPackage("dev.evalhub.index..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit..")
        .check(CLASSES);
  }
}
