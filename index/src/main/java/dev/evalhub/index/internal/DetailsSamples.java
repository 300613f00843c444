package dev.evalhub.index.internal;

import dev.evalhub.domain.CommitId;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import dev.evalhub.importers.samples.SampleOutcome;
import dev.evalhub.importers.samples.SampleReaders;
import dev.evalhub.importers.samples.SampleScores;
import dev.evalhub.statistics.Intervals;
import dev.evalhub.storage.RepoReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a result's per-sample {@code details} at indexing (issue 13: uncertainty from the details;
 * the base of re-scoring): the file at {@code details.path} in the commit indexed, checked against
 * {@code details.sha256}, read by the importers' per-sample readers, and kept only when the mean of
 * one of its metrics reproduces the entry's value within the rounding of the value as written (half
 * a unit of its last decimal), on the value's scale or ×100 (a percentage task). A {@code
 * details.url} is not fetched: the index reads only the repository. Thread-safe (stateless).
 */
public final class DetailsSamples {

  /** The largest details file the index reads: 64 MiB. */
  public static final long MAX_BYTES = 64L << 20;

  private static final ImportLimits LIMITS = ImportLimits.DEFAULT.withMaxFileBytes(MAX_BYTES);

  private DetailsSamples() {}

  /** What the details of {@code entry} at {@code commit} give; null when it states none. */
  public static DetailsRead read(RepoReader reader, CommitId commit, ResultEntry entry)
      throws IOException {
    ResultEntry.Details details = entry.details();
    if (details == null) {
      return null;
    }
    if (details.path() == null) {
      return DetailsRead.unused(
          DetailsRead.EXTERNAL,
          "the details are at " + details.url() + "; the hub reads only files in the repository",
          null,
          null);
    }
    Optional<RepoReader.Blob> blob = reader.blob(commit, details.path());
    if (blob.isEmpty()) {
      return DetailsRead.unused(
          DetailsRead.MISSING,
          "details.path " + details.path() + " is not in the repository",
          details.path(),
          null);
    }
    if (blob.get().size() > MAX_BYTES) {
      return DetailsRead.unused(
          DetailsRead.TOO_LARGE,
          details.path()
              + " has "
              + blob.get().size()
              + " bytes; the hub reads details of at most "
              + MAX_BYTES
              + " bytes",
          details.path(),
          blob.get().id());
    }
    String path = details.path();
    String blobId = blob.get().id();
    byte[] bytes = reader.file(commit, details.path()).orElseThrow();
    String sha256 = sha256(bytes);
    if (details.sha256() != null && !details.sha256().equalsIgnoreCase(sha256)) {
      return DetailsRead.unused(
          DetailsRead.SHA256_MISMATCH,
          "details.sha256 is " + details.sha256() + " but " + path + " has " + sha256,
          path,
          blobId);
    }
    String format = details.format() == null ? "" : details.format();
    SampleOutcome outcome = SampleReaders.read(LogSource.of(details.path(), bytes), format, LIMITS);
    if (outcome instanceof SampleOutcome.Failed failed) {
      return DetailsRead.unused(
          DetailsRead.UNREADABLE, path + " (" + format + "): " + failed.reason(), path, blobId);
    }
    return reproduce(((SampleOutcome.Read) outcome).scores(), entry.value(), sha256, path, blobId);
  }

  /**
   * The first metric of {@code scores} (in the file's order) whose mean reproduces {@code value},
   * with its items' scores on the value's scale; else why none does.
   */
  static DetailsRead reproduce(
      SampleScores scores, double value, String sha256, String path, String blob) {
    double tolerance = tolerance(value);
    List<String> tried = new ArrayList<>();
    for (int m = 0; m < scores.metrics().size(); m++) {
      double mean = scores.mean(m);
      if (Double.isNaN(mean)) {
        continue;
      }
      for (double scale : new double[] {1, 100}) {
        if (Math.abs(mean * scale - value) <= tolerance) {
          return reproduced(scores, m, scale, sha256).located(path, blob);
        }
      }
      tried.add(
          scores.metrics().get(m)
              + " gives "
              + String.format(Locale.ROOT, "%.6g", mean)
              + " over "
              + scored(scores, m)
              + " items");
    }
    return DetailsRead.unused(
        DetailsRead.VALUE_MISMATCH,
        "no metric of the details reproduces the value "
            + value
            + (tried.isEmpty() ? ": they hold no scores" : ": " + String.join("; ", tried)),
        path,
        blob);
  }

  /** How many items have a score on {@code metric}. */
  private static int scored(SampleScores scores, int metric) {
    int n = 0;
    for (int i = 0; i < scores.size(); i++) {
      n += Double.isNaN(scores.score(metric, i)) ? 0 : 1;
    }
    return n;
  }

  private static DetailsRead reproduced(
      SampleScores scores, int metric, double scale, String sha256) {
    int n = scored(scores, metric);
    String[] idArray = new String[n];
    double[] raw = new double[n];
    List<String> clusters = new ArrayList<>(n);
    Set<String> distinct = new HashSet<>();
    int j = 0;
    for (int i = 0; i < scores.size(); i++) {
      double score = scores.score(metric, i);
      if (Double.isNaN(score)) {
        continue;
      }
      idArray[j] = scores.itemId(i);
      raw[j] = score;
      Optional<String> cluster = scores.cluster(i);
      if (cluster.isPresent()) {
        clusters.add(cluster.get());
        distinct.add(cluster.get());
      }
      j++;
    }
    OptionalDouble stderr = Intervals.meanStandardError(raw);
    Integer clusterCount = null;
    Double clusteredStderr = null;
    if (clusters.size() == n && distinct.size() >= 2) {
      clusterCount = distinct.size();
      clusteredStderr =
          Intervals.clustered(raw, clusters, Intervals.LEVEL_95)
              .map(interval -> interval.stderr() * scale)
              .orElse(null);
    }
    SampleSummary summary =
        new SampleSummary(
            n,
            scores.binary(metric),
            stderr.orElse(0) * scale,
            clusterCount,
            clusteredStderr,
            sha256,
            scores.metrics().get(metric));
    return new DetailsRead(
        DetailsRead.REPRODUCED,
        "recomputed from " + n + " samples (" + scores.metrics().get(metric) + ")",
        null,
        null,
        scores.metrics().get(metric),
        summary,
        SampleCodec.encode(new SampleCodec.Scores(idArray, raw, scale)));
  }

  /** Half a unit of the value's last written decimal (at least 1e-9 of its magnitude). */
  static double tolerance(double value) {
    int decimals = Math.max(0, BigDecimal.valueOf(value).stripTrailingZeros().scale());
    return Math.max(0.5 * Math.pow(10, -decimals), Math.abs(value) * 1e-9);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
