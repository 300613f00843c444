package dev.evalhub.importers;

import dev.evalhub.formats.Severity;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.BenchmarkMatcher.Match;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an import puts its files in the model repository, so that importing the same logs again
 * changes nothing and no import ever replaces a different file:
 *
 * <ul>
 *   <li>the results file is {@code .eval_results/<benchmark>-<12 hex>.yaml}: the benchmark's
 *       dataset name (or {@code import} when the results feed several benchmarks) and the start of
 *       the SHA-256 of the file's own text, so the same results get the same name and different
 *       results a different one;
 *   <li>a per-sample file keeps the path its reader gave it ({@code .eval_results/details/<log
 *       name>}) unless {@code main}, or another file of the same import, holds different bytes
 *       there: then its name gets {@code -<12 hex of its SHA-256>} before the extension. A file
 *       {@code main} already holds byte for byte is not uploaded again.
 * </ul>
 *
 * A per-sample file larger than the hub's largest object ({@code max-object-bytes}) is an error
 * that names both sizes. The hub places files against a model's {@code main}, {@code evalhub import
 * --out} against a local clone. Single use; not thread-safe.
 */
public final class ResultFiles {

  /** What the repository holds: whether a path is free for given bytes. */
  public interface Repository {
    /**
     * Whether {@code path} holds nothing, or exactly the bytes of {@code details} (then it is not
     * written again).
     */
    boolean freeFor(String path, DetailsFile details);

    /** Whether {@code path} holds nothing, or exactly {@code text}. */
    boolean freeFor(String path, byte[] text);
  }

  private final Repository onMain;
  private final long maxObjectBytes;
  private final Map<String, DetailsFile> byPath = new LinkedHashMap<>();
  private final Map<String, String> pathBySha = new HashMap<>();

  /**
   * Files placed against {@code onMain} (a model's {@code main}, or a clone) and the hub's largest
   * object ({@code 0}: no limit).
   */
  public ResultFiles(Repository onMain, long maxObjectBytes) {
    this.onMain = onMain;
    this.maxObjectBytes = maxObjectBytes;
  }

  /**
   * The matches with their per-sample files placed (an entry's {@code details.path} is the path the
   * file gets); a file over the size limit adds an error to {@code diagnostics}.
   */
  public List<Match> placeDetails(List<Match> matches, List<LogDiagnostic> diagnostics) {
    List<Match> placed = new ArrayList<>(matches.size());
    for (Match match : matches) {
      DetailsFile details = match.from().details();
      if (details == null || match.entry().details() == null) {
        placed.add(match);
        continue;
      }
      String path = pathBySha.get(details.sha256());
      if (path == null) {
        path = place(details);
        if (maxObjectBytes > 0 && details.size() > maxObjectBytes) {
          diagnostics.add(
              new LogDiagnostic(
                  Severity.ERROR,
                  details.source().name(),
                  "",
                  0,
                  0,
                  "",
                  "this per-sample file is "
                      + details.size()
                      + " bytes; this hub stores files of at most "
                      + maxObjectBytes
                      + " bytes (its max-object-bytes setting), so it cannot be imported"));
        }
        pathBySha.put(details.sha256(), path);
        byPath.put(
            path,
            new DetailsFile(
                details.source(), path, details.sha256(), details.size(), details.format()));
      }
      ResultEntry e = match.entry();
      ResultEntry entry =
          new ResultEntry(
              e.dataset(),
              e.value(),
              e.verifyToken(),
              e.date(),
              e.source(),
              e.notes(),
              e.stderr(),
              e.numSamples(),
              e.methodology(),
              new ResultEntry.Details(
                  e.details().url(), path, e.details().sha256(), e.details().format()),
              e.extraKeys());
      placed.add(new Match(match.from(), match.datasetId(), match.taskId(), entry));
    }
    return placed;
  }

  private String place(DetailsFile details) {
    String path = details.path();
    for (int length = 12; !free(path, details) && length <= 64; length += 4) {
      path = withSuffix(details.path(), details.sha256().substring(0, length));
    }
    return path;
  }

  private boolean free(String path, DetailsFile details) {
    if (byPath.containsKey(path)) {
      return false;
    }
    return onMain.freeFor(path, details);
  }

  /** The per-sample files placed, in the order of the results, each once. */
  public List<DetailsFile> details() {
    return List.copyOf(byPath.values());
  }

  /** The path of the results file whose text is {@code yaml}. */
  public String resultsPath(List<Match> matches, byte[] yaml) {
    List<String> datasets = matches.stream().map(Match::datasetId).distinct().toList();
    String stem =
        datasets.size() == 1
            ? datasets.get(0).substring(datasets.get(0).indexOf('/') + 1)
            : "import";
    stem = stem.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
    String hash = HexFormat.of().formatHex(digest("SHA-256").digest(yaml)).substring(0, 12);
    for (int n = 1; ; n++) {
      String path = ".eval_results/" + stem + "-" + hash + (n == 1 ? "" : "-" + n) + ".yaml";
      if (onMain.freeFor(path, yaml)) {
        return path;
      }
    }
  }

  private static String withSuffix(String path, String suffix) {
    int slash = path.lastIndexOf('/');
    int dot = path.indexOf('.', slash + 2);
    return dot < 0
        ? path + "-" + suffix
        : path.substring(0, dot) + "-" + suffix + path.substring(dot);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
