package dev.evalhub.index.internal;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.repo.ChangedFile;
import dev.evalhub.domain.repo.CommitInfo;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.BaseModels;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings one ref of one repository up to date in the index: reads the files that changed since the
 * commit the index holds, replaces their rows (results, invalid files, the benchmark of a dataset's
 * {@code main}, the {@code base_model} of a model's README and its lineage edges, the per-sample
 * details of results, read at the head) and records the new commit; a results file whose details
 * file changed under it is read again; a benchmark's changes record is derived again from {@code
 * main}'s history whenever its {@code main} moves ({@link BenchmarkChanges}). The outcome depends
 * only on the ref's head, which is what makes incremental indexing equal to a rebuild. Thread-safe
 * (stateless but for its helpers).
 */
public final class RefIndexer {

  private static final String EVAL_YAML = "eval.yaml";

  private final EvalFormats formats;
  private final ResultRows rows;

  public RefIndexer(EvalFormats formats, ResultRows rows) {
    this.formats = formats;
    this.rows = rows;
  }

  /** The reader of the hub's files this indexer uses. */
  public EvalFormats formats() {
    return formats;
  }

  /** Whether the index reads {@code ref} at all: {@code main} and pull request heads. */
  public static boolean isIndexed(String ref) {
    return ref.equals(RefNames.MAIN) || RefNames.pullRequestNumber(ref).isPresent();
  }

  /** Indexes {@code ref} of {@code repo} at {@code head} (empty: the ref no longer exists). */
  public void index(
      Connection c, RepoInfo repo, RepoReader reader, String ref, Optional<CommitId> head)
      throws SQLException, IOException {
    String repoKey = key(repo);
    Optional<String> indexed = IndexTables.indexedCommit(c, repoKey, ref);
    if (head.isEmpty()) {
      IndexTables.deleteRef(c, repoKey, ref);
      return;
    }
    if (indexed.isPresent() && indexed.get().equals(head.get().hex())) {
      return;
    }
    index(c, repo, reader, ref, head.get(), indexed, false, null);
  }

  /**
   * Indexes {@code ref} of {@code repo} at {@code head} into tables that hold nothing of {@code
   * repo} (a rebuild emptied them): the rows {@link #index} gives from an empty index, without its
   * reads and deletes of rows that cannot be there. Results files are read through {@code parsed}
   * (the rebuild worker's), so that a blob met before is not parsed again.
   */
  public void indexFresh(
      Connection c,
      RepoInfo repo,
      RepoReader reader,
      String ref,
      Optional<CommitId> head,
      ParsedResults parsed)
      throws SQLException, IOException {
    if (head.isPresent()) {
      index(c, repo, reader, ref, head.get(), Optional.empty(), true, parsed);
    }
  }

  private void index(
      Connection c,
      RepoInfo repo,
      RepoReader reader,
      String ref,
      CommitId head,
      Optional<String> indexed,
      boolean fresh,
      ParsedResults parsed)
      throws SQLException, IOException {
    String repoKey = key(repo);
    Integer prNumber = RefNames.pullRequestNumber(ref).orElse(null);
    Set<String> changed = new HashSet<>();
    for (ChangedFile file : reader.changes(indexed.map(CommitId::parse), head)) {
      if (!fresh) {
        IndexTables.deleteFile(c, repoKey, ref, file.path());
      }
      apply(c, repo, reader, head, ref, prNumber, file, parsed);
      changed.add(file.path());
    }
    if (indexed.isPresent()) {
      rereadChangedDetails(c, repo, reader, head, ref, prNumber, changed);
    }
    if (repo.id().type() == RepoType.DATASET && prNumber == null) {
      // The changes record follows main's first-parent history of eval.yaml. One commit on top of
      // the indexed head that leaves eval.yaml alone adds nothing to it (the common push: a README,
      // data files); any other move of main may rewrite it, and it is derived again.
      if (IndexTables.hasBenchmark(c, repoKey)) {
        boolean oneCommitWithoutEvalYaml =
            indexed.isPresent()
                && !changed.contains(EVAL_YAML)
                && reader.firstParent(head).map(CommitId::hex).equals(indexed);
        if (!oneCommitWithoutEvalYaml) {
          BenchmarkChanges.rebuild(c, formats, repoKey, reader, head);
        }
      } else if (!fresh) {
        BenchmarkChanges.delete(c, repoKey);
      }
    }
    if (fresh) {
      IndexTables.insertIndexedRef(c, repoKey, ref, prNumber, head.hex());
    } else {
      IndexTables.setIndexedRef(c, repoKey, ref, prNumber, head.hex());
    }
  }

  /**
   * Reads again every results file (not changed itself) whose entries' details file changed or
   * went: its rows depend on the details' bytes, and a rebuild would read the new ones.
   */
  private void rereadChangedDetails(
      Connection c,
      RepoInfo repo,
      RepoReader reader,
      CommitId head,
      String ref,
      Integer prNumber,
      Set<String> changed)
      throws SQLException, IOException {
    String repoKey = key(repo);
    Map<String, CommitInfo> stale = new LinkedHashMap<>();
    for (IndexTables.DetailsLink link : IndexTables.detailsLinks(c, repoKey, ref)) {
      if (changed.contains(link.filePath()) || stale.containsKey(link.filePath())) {
        continue;
      }
      String now = reader.blob(head, link.detailsPath()).map(RepoReader.Blob::id).orElse(null);
      if (!Objects.equals(now, link.detailsBlob())) {
        stale.put(link.filePath(), link.lastChange());
      }
    }
    for (Map.Entry<String, CommitInfo> file : stale.entrySet()) {
      Optional<byte[]> content = reader.file(head, file.getKey());
      IndexTables.deleteFile(c, repoKey, ref, file.getKey());
      if (content.isPresent()) {
        results(
            c,
            repo,
            reader,
            head,
            ref,
            prNumber,
            new ChangedFile(file.getKey(), FileKind.RESULTS, content, Optional.of(file.getValue())),
            null);
      }
    }
  }

  private void apply(
      Connection c,
      RepoInfo repo,
      RepoReader reader,
      CommitId head,
      String ref,
      Integer prNumber,
      ChangedFile file,
      ParsedResults parsed)
      throws SQLException, IOException {
    boolean isMain = prNumber == null;
    boolean isModel = repo.id().type() == RepoType.MODEL;
    String repoKey = key(repo);
    switch (file.kind()) {
      case RESULTS -> {
        if (isModel && file.content().isPresent()) {
          results(c, repo, reader, head, ref, prNumber, file, parsed);
        }
      }
      case BENCHMARK -> {
        if (!isModel && isMain) {
          benchmark(c, repo, file);
        }
      }
      case MODEL_CARD -> {
        if (isModel && isMain) {
          BaseModels lineage = file.content().map(formats::readLineage).orElse(BaseModels.NONE);
          List<String> baseModels = lineage.ids();
          IndexTables.setBaseModel(
              c, repoKey, baseModels.isEmpty() ? null : String.join(",", baseModels));
          IndexTables.replaceLineage(c, repoKey, lineage);
          if (file.content().isPresent()) {
            // The model-index's results: a source for discrepancies only (CardResults).
            CardResults.insert(
                c,
                repoKey,
                ref,
                file.path(),
                file.lastChange().orElseThrow(),
                formats
                    .readModelCard(file.content().get())
                    .value()
                    .orElse(new dev.evalhub.formats.model.ModelCard(List.of())));
          }
        }
      }
      default -> throw new IllegalStateException("unknown file kind " + file.kind());
    }
  }

  /**
   * Inserts the rows of a results file (or its invalid file); {@code parsed} (null: none) reads it
   * by its blob id.
   */
  private void results(
      Connection c,
      RepoInfo repo,
      RepoReader reader,
      CommitId head,
      String ref,
      Integer prNumber,
      ChangedFile file,
      ParsedResults parsed)
      throws SQLException, IOException {
    byte[] content = file.content().orElseThrow();
    ParsedResults.Parsed readFile =
        parsed == null ? ParsedResults.read(formats, content) : parsed.get(file.blob(), content);
    Validated<ResultsFile> read = readFile.read();
    String repoKey = key(repo);
    if (read.value().isEmpty()) {
      IndexTables.insertInvalidFile(
          c, repoKey, ref, prNumber, file.path(), lastChange(file), describe(read));
      return;
    }
    CommitInfo commit = file.lastChange().orElseThrow();
    List<ResultEntry> entries = read.value().get().entries();
    List<ResultRow> batch = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      ResultEntry entry = entries.get(i);
      batch.add(
          rows.row(
              repoKey,
              repo.id(),
              ref,
              prNumber,
              file.path(),
              i,
              entry,
              readFile.forms().get(i),
              commit,
              DetailsSamples.read(reader, head, entry)));
    }
    IndexTables.insertResults(c, batch);
  }

  private void benchmark(Connection c, RepoInfo repo, ChangedFile file) throws SQLException {
    String datasetKey = key(repo);
    if (file.content().isEmpty()) {
      IndexTables.deleteBenchmark(c, datasetKey);
      return;
    }
    Validated<Benchmark> read = formats.readBenchmark(file.content().get());
    if (read.value().isPresent()) {
      IndexTables.replaceBenchmark(
          c, datasetKey, repo.id().fullName(), read.value().get(), lastChange(file));
    } else {
      IndexTables.deleteBenchmark(c, datasetKey);
      IndexTables.insertInvalidFile(
          c, key(repo), RefNames.MAIN, null, file.path(), lastChange(file), describe(read));
    }
  }

  private static String lastChange(ChangedFile file) {
    return file.lastChange().orElseThrow().id();
  }

  private static String describe(Validated<?> read) {
    return read.errors().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  /** The index's key of a repository ({@link IndexKey}), as the tables store it. */
  public static String key(RepoInfo repo) {
    return IndexKey.of(repo.id()).value();
  }
}
