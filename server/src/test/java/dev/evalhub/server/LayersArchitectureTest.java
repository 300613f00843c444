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
 * What the whole tree's rules (the cli module's {@code HubArchitectureTest}: layers, front ends on
 * the services only, permissions in the services) do not say: storage knows nothing of HTTP, the
 * pages use no JDBC, and one class spells every ref.
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
