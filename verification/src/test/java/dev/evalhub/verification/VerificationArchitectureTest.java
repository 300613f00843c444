package dev.evalhub.verification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The verification module signs and verifies with the JDK's Ed25519 only, and its packages depend
 * one way.
 */
class VerificationArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.verification");

  @Test
  void noHmacOrSymmetricCryptoIsEverComputed() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javax.crypto..")
        .because(
            "tokens are EdDSA only; an HMAC code path is how the public-key-as-secret attack succeeds")
        .check(CLASSES);
  }

  @Test
  void internalsDoNotDependOnThePublicApi() {
    noClasses()
        .that()
        .resideInAPackage("..verification.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.evalhub.verification")
        .check(CLASSES);
  }
}
