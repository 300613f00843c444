package dev.evalhub.index.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evalhub.statistics.PairTest;
import dev.evalhub.statistics.PairTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Paired tests on per-sample details, and the caches that keep them cheap: decoded scores by their
 * row's content (entry and details SHA-256, so a score set is decoded once whatever generation
 * asks) and the tests of pairs by the same keys — a result's scores never change under its key, so
 * neither does a test, and a push that adds one row costs only that row's new pairs. Thread-safe.
 */
public final class PairedSamples {

  /** A row's common items with another's: the ids and both sides' scores, in id order. */
  public record Common(List<String> ids, double[] a, double[] b) {}

  private final Function<Candidate, Optional<SampleCodec.Scores>> load;
  private final Cache<String, Optional<SampleCodec.Scores>> scores;

  /** A pair of content keys, the smaller first: cheaper to hash than the two joined. */
  private record Pair(String first, String second) {}

  private final Cache<Pair, Optional<PairTest>> tests =
      Caffeine.newBuilder().maximumSize(1_000_000).executor(Runnable::run).build();

  /**
   * Loads a row's scores with {@code load} (empty: none stored), keeping decoded ones up to about
   * {@code maxBytes} (12 bytes an item plus its id).
   */
  public PairedSamples(Function<Candidate, Optional<SampleCodec.Scores>> load, long maxBytes) {
    this.load = load;
    this.scores =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (String key, Optional<SampleCodec.Scores> value) ->
                    value.map(s -> 64 + 48 * s.size()).orElse(64))
            .executor(Runnable::run)
            .build();
  }

  /** The content key of a row's scores, or null when it has none. */
  static String key(Candidate c) {
    return c.samples() == null ? null : c.entrySha256() + ":" + c.samples().sha256();
  }

  /** The row's per-item scores, when its details reproduced its value. */
  public Optional<SampleCodec.Scores> scores(Candidate c) {
    String key = key(c);
    return key == null ? Optional.empty() : scores.get(key, k -> load.apply(c));
  }

  /**
   * The paired test of A against B on their common items (McNemar's exact test when both are
   * binary, else a paired t-test), with the difference in the task's units; empty when either has
   * no details or they share too few items (none; one for continuous scores).
   */
  public Optional<PairTest> test(Candidate a, Candidate b) {
    String keyA = key(a);
    String keyB = key(b);
    if (keyA == null || keyB == null) {
      return Optional.empty();
    }
    boolean swap = keyA.compareTo(keyB) > 0;
    Pair pair = swap ? new Pair(keyB, keyA) : new Pair(keyA, keyB);
    Optional<PairTest> test = tests.get(pair, k -> swap ? compute(b, a) : compute(a, b));
    return swap ? test.map(PairTest::swapped) : test;
  }

  private Optional<PairTest> compute(Candidate a, Candidate b) {
    Optional<Common> common = common(a, b);
    if (common.isEmpty()) {
      return Optional.empty();
    }
    double[] x = common.get().a();
    double[] y = common.get().b();
    if (x.length == 0 || (x.length == 1 && !(a.samples().binary() && b.samples().binary()))) {
      return Optional.empty();
    }
    PairTest test = PairTests.paired(x, y);
    double scale = scores(a).orElseThrow().scale();
    return Optional.of(scaled(test, scale));
  }

  /**
   * The items both rows were scored on, matched by item id; empty when either has no details or
   * their values are means of different metrics (acc against acc_norm pairs nothing).
   */
  public Optional<Common> common(Candidate a, Candidate b) {
    if (a.samples() == null
        || b.samples() == null
        || !java.util.Objects.equals(a.samples().metric(), b.samples().metric())) {
      return Optional.empty();
    }
    Optional<SampleCodec.Scores> sa = scores(a);
    Optional<SampleCodec.Scores> sb = scores(b);
    if (sa.isEmpty() || sb.isEmpty()) {
      return Optional.empty();
    }
    String[] ia = sa.get().ids();
    String[] ib = sb.get().ids();
    List<String> ids = new ArrayList<>();
    double[] x = new double[Math.min(ia.length, ib.length)];
    double[] y = new double[x.length];
    int i = 0;
    int j = 0;
    while (i < ia.length && j < ib.length) {
      int order = ia[i].compareTo(ib[j]);
      if (order == 0) {
        x[ids.size()] = sa.get().scores()[i];
        y[ids.size()] = sb.get().scores()[j];
        ids.add(ia[i]);
        i++;
        j++;
      } else if (order < 0) {
        i++;
      } else {
        j++;
      }
    }
    return Optional.of(
        new Common(
            ids, java.util.Arrays.copyOf(x, ids.size()), java.util.Arrays.copyOf(y, ids.size())));
  }

  /** A test on scores in the file's units, in the task's ({@code scale}: 1 or 100). */
  private static PairTest scaled(PairTest test, double scale) {
    if (scale == 1) {
      return test;
    }
    return new PairTest(
        test.method(),
        test.difference() * scale,
        test.lower() * scale,
        test.upper() * scale,
        test.pValue(),
        test.common(),
        test.aBetter(),
        test.bBetter());
  }
}
