package dev.evalhub.formats;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The formats module stays pure (bytes in, values out) and its packages depend one way. */
class FormatsArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.formats");

  @Test
  void formatsDoesNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.nio.file..", "java.net..", "java.nio.channels..")
        .because("formats reads bytes and returns values; storage and servers do the I/O")
        .check(CLASSES);
  }

  @Test
  void theYamlReaderKnowsNothingOfTheFormats() {
    noClasses()
        .that()
        .resideInAPackage("..formats.yaml..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..formats.model..", "..formats.internal..")
        .check(CLASSES);
  }

  @Test
  void theModelDependsOnNoReader() {
    noClasses()
        .that()
        .resideInAPackage("..formats.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..formats.internal..", "..formats.yaml..")
        .check(CLASSES);
  }

  @Test
  void onlyTheEntryPointUsesTheInternalReaders() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..formats.internal..")
        .and()
        .doNotHaveSimpleName("EvalFormats")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..formats.internal..")
        .check(CLASSES);
  }
}
