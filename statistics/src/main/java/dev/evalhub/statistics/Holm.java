package dev.evalhub.statistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Holm's step-down correction over a family of p-values: it controls the family-wise error rate at
 * α with no assumption on how the tests depend on each other. Stateless and thread-safe.
 *
 * <p>With the m p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎, reject H₍₁₎ … H₍ₖ₎ for the largest k such that
 * p₍ⱼ₎ ≤ α/(m − j + 1) for every j ≤ k. Equivalently, the adjusted p-value of H₍ⱼ₎ is max_{i≤j}
 * min(1, (m − i + 1)·p₍ᵢ₎), as R's {@code p.adjust(p, "holm")}, and H is rejected iff its adjusted
 * p-value is ≤ α. Source: S. Holm, "A simple sequentially rejective multiple test procedure",
 * Scandinavian Journal of Statistics 6 (1979) 65–70.
 */
public final class Holm {

  private Holm() {}

  /**
   * The outcome for a family, in the order the p-values were given. Immutable.
   *
   * @param adjusted the Holm-adjusted p-values, each ≥ its unadjusted one and ≤ 1
   * @param rejected whether each hypothesis is rejected at {@code alpha}
   * @param alpha the family-wise significance level
   */
  public record Result(List<Double> adjusted, List<Boolean> rejected, double alpha) {

    /** Copies the lists and checks they are the same length. */
    public Result {
      adjusted = List.copyOf(adjusted);
      rejected = List.copyOf(rejected);
      if (adjusted.size() != rejected.size()) {
        throw new IllegalArgumentException("adjusted and rejected differ in length");
      }
      Checks.openUnit("alpha", alpha);
    }

    /** The number of hypotheses rejected. */
    public long rejections() {
      return rejected.stream().filter(r -> r).count();
    }
  }

  /**
   * Adjusts a family of p-values and rejects at {@code alpha}.
   *
   * @param pValues the family's p-values, each in [0, 1]; may be empty
   * @param alpha the family-wise significance level, e.g. 0.05
   */
  public static Result adjust(List<Double> pValues, double alpha) {
    Checks.openUnit("alpha", alpha);
    int m = pValues.size();
    for (int i = 0; i < m; i++) {
      Double p = pValues.get(i);
      if (p == null || !(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p-value " + i + " must be in [0, 1], got " + p);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(pValues::get)); // stable: ties keep their order
    Double[] adjusted = new Double[m];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order.get(rank);
      running = Math.max(running, Math.min(1, (m - rank) * pValues.get(i)));
      adjusted[i] = running;
    }
    List<Boolean> rejected = new ArrayList<>(Collections.nCopies(m, false));
    for (int i = 0; i < m; i++) {
      rejected.set(i, adjusted[i] <= alpha);
    }
    return new Result(List.of(adjusted), rejected, alpha);
  }
}
