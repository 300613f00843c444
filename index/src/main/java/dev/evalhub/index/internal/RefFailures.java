package dev.evalhub.index.internal;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoReader;
import dev.evalhub.storage.Storage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what could not be indexed, so that one repository, ref or file never stops ingestion,
 * start-up or a rebuild: the unit's rows are forgotten (a rebuild would not have them either), the
 * failure is written to {@code ref_failures} with the failing commit and its time when they can be
 * read, and logged. The next successful indexing of the unit clears it. Thread-safe (stateless but
 * for the storage).
 */
public final class RefFailures {

  /** The {@code ref_name} of a failure of a whole repository. */
  public static final String REPOSITORY = "*";

  private static final Logger LOG = LoggerFactory.getLogger(RefFailures.class);

  private final Storage storage;

  public RefFailures(Storage storage) {
    this.storage = storage;
  }

  /**
   * Forgets {@code ref} and everything read from it (for main: the benchmark, and the base model
   * and its lineage edges too).
   */
  public void forgetRef(Connection c, RepoInfo repo, String ref) throws SQLException {
    String repoKey = RefIndexer.key(repo);
    IndexTables.deleteRef(c, repoKey, ref);
    if (ref.equals(RefNames.MAIN)) {
      if (repo.id().type() == RepoType.DATASET) {
        IndexTables.deleteBenchmark(c, repoKey);
      } else {
        IndexTables.setBaseModel(c, repoKey, null);
        IndexTables.replaceLineage(c, repoKey, dev.evalhub.formats.model.BaseModels.NONE);
      }
    }
  }

  /**
   * Records that {@code ref} of {@code repo} (a ref, or the records' prefix) could not be indexed.
   */
  public void record(Connection c, RepoInfo repo, String ref, Exception error) throws SQLException {
    Optional<CommitInfo> head = head(repo.id(), ref);
    String message = FailureGuard.describe(error);
    IndexTables.setFailure(
        c,
        RefIndexer.key(repo),
        ref,
        repo.id().urlPath(),
        repo.isPrivate(),
        head.map(CommitInfo::id).orElse(null),
        head.map(CommitInfo::timeMillis).orElse(null),
        message);
    LOG.warn(
        "cannot index {} of {}{}: {}",
        ref,
        repo.id(),
        head.map(commit -> " at " + commit.id()).orElse(""),
        message);
  }

  /**
   * Records that the repository {@code id} could not be indexed at all, forgetting every row of it.
   */
  public void repository(Connection c, RepoId id, Exception error) throws SQLException {
    String repoKey = IndexKey.of(id).value();
    IndexTables.deleteRepository(c, repoKey);
    boolean isPrivate;
    try {
      isPrivate = storage.repositories().find(id).map(RepoInfo::isPrivate).orElse(true);
    } catch (RuntimeException e) {
      isPrivate = true;
    }
    String message = FailureGuard.describe(error);
    IndexTables.setFailure(c, repoKey, REPOSITORY, id.urlPath(), isPrivate, null, null, message);
    LOG.warn("cannot index the repository {}: {}", id, message);
  }

  /** The commit {@code ref} points at, when it and its header can be read. */
  private Optional<CommitInfo> head(RepoId id, String ref) {
    if (!RefIndexer.isIndexed(ref)) {
      return Optional.empty();
    }
    try (RepoReader reader = storage.reader(id)) {
      Optional<CommitId> current = reader.head(ref);
      return current.isEmpty() ? Optional.empty() : Optional.of(reader.commit(current.get()));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
