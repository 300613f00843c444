package dev.evalhub.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.evalhub.storage.internal.RefWriter;
import java.util.Set;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * Storage's own rules: one ref writer ({@link RefWriter}) moves every ref the hub moves itself
 * (JGit's updates inside a received push are JGit's), and the commit API takes a straight path,
 * without the git transport's types.
 */
class StorageArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.evalhub.storage");

  /** A call that moves a ref: any method of RefUpdate or BatchRefUpdate, or what creates one. */
  private static final DescribedPredicate<JavaMethodCall> MOVES_A_REF =
      DescribedPredicate.describe(
          "a method of RefUpdate or BatchRefUpdate, or Repository.updateRef / RefDatabase.newUpdate / newBatchUpdate",
          call -> {
            var owner = call.getTargetOwner();
            String name = call.getName();
            return owner.isAssignableTo(RefUpdate.class)
                || owner.isAssignableTo(BatchRefUpdate.class)
                || (owner.isAssignableTo(Repository.class) && name.equals("updateRef"))
                || (owner.isAssignableTo(RefDatabase.class)
                    && Set.of("newUpdate", "newBatchUpdate").contains(name));
          });

  @Test
  void onlyTheRefWriterMovesRefs() {
    noClasses()
        .that()
        .haveNameNotMatching(RefWriter.class.getName().replace(".", "\\.") + "(\\$.*)?")
        .should()
        .callMethodWhere(MOVES_A_REF)
        .because(
            "every ref update goes through RefWriter: one compare-and-set, one mapping of RefUpdate.Result")
        .check(CLASSES);
  }

  @Test
  void theRefWriterIsWhereRefsMove() {
    // The rule above is not vacuous: the calls it forbids elsewhere are here.
    assertThat(CLASSES.get(RefWriter.class).getMethodCallsFromSelf()).anyMatch(MOVES_A_REF);
  }

  @Test
  void theCommitApiDoesNotGoThroughTheGitTransport() {
    noClasses()
        .that()
        .haveSimpleNameStartingWith("Commits")
        .or()
        .haveSimpleNameStartingWith("PullRequestCommits")
        .or()
        .haveSimpleNameStartingWith("PullRequestHeads")
        .or()
        .haveSimpleNameStartingWith("PullRequestMerge")
        .or()
        .haveSimpleNameStartingWith("RefWriter")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jgit.transport..")
        .because(
            "server-side commits and merges take a straight path: commit, validate, RefWriter, event and note")
        .check(CLASSES);
  }
}
