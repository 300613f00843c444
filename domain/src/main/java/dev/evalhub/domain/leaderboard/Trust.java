package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.RepoId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub's public record says against one row (issue 14): the task version it was measured
 * with declared invalid, a result stating no task version on a task that declares invalid versions
 * ("version unknown"), other sources of the same model, task and methodology group whose values
 * disagree beyond noise, and the flags raised against it (its own, or an upheld contamination flag
 * inherited along {@code base_model} lineage). Always computed, never read from a file. Immutable.
 */
public record Trust(
    Optional<Invalidation> invalidation,
    boolean versionUnknown,
    List<Discrepancy> discrepancies,
    List<FlagMark> flags) {

  /** Nothing stands against the row. */
  public static final Trust NONE = new Trust(Optional.empty(), false, List.of(), List.of());

  public Trust {
    Objects.requireNonNull(invalidation, "invalidation");
    discrepancies = List.copyOf(discrepancies);
    flags = List.copyOf(flags);
  }

  /** True when nothing stands against the row. */
  public boolean isEmpty() {
    return invalidation.isEmpty() && !versionUnknown && discrepancies.isEmpty() && flags.isEmpty();
  }

  public Trust withInvalidation(Optional<Invalidation> value) {
    return new Trust(value, versionUnknown, discrepancies, flags);
  }

  public Trust withVersionUnknown(boolean value) {
    return new Trust(invalidation, value, discrepancies, flags);
  }

  public Trust withDiscrepancies(List<Discrepancy> value) {
    return new Trust(invalidation, versionUnknown, value, flags);
  }

  public Trust withFlags(List<FlagMark> value) {
    return new Trust(invalidation, versionUnknown, discrepancies, value);
  }

  /**
   * Why a row left the default leaderboard by its benchmark's record ({@code cause}): its {@code
   * methodology.task_version} is in its task's {@code invalid_versions} ({@link
   * Cause#INVALID_VERSION}), or it was committed after the commit that withdrew its task ({@link
   * Cause#AFTER_WITHDRAWAL}: the leaderboard is frozen). Which version the row states ({@code
   * taskVersion}, empty text when it states none), when and by whom the commit of {@code eval.yaml}
   * that (last) declared the version invalid or withdrew the task was made, the stated reason, and
   * that commit (the link to the benchmark's changes record).
   */
  public record Invalidation(
      String taskVersion,
      Instant declared,
      String account,
      String reason,
      String commitId,
      Cause cause) {

    /** What on the benchmark's record moved the row out of the default leaderboard. */
    public enum Cause {
      INVALID_VERSION("invalid-version"),
      AFTER_WITHDRAWAL("after-withdrawal");

      private final String id;

      Cause(String id) {
        this.id = id;
      }

      public String id() {
        return id;
      }
    }

    public Invalidation {
      Objects.requireNonNull(taskVersion, "taskVersion");
      Objects.requireNonNull(declared, "declared");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(commitId, "commitId");
      Objects.requireNonNull(cause, "cause");
    }

    /** The task version {@code taskVersion} was declared invalid. */
    public Invalidation(
        String taskVersion, Instant declared, String account, String reason, String commitId) {
      this(taskVersion, declared, account, reason, commitId, Cause.INVALID_VERSION);
    }
  }

  /**
   * Two sources of the same model, task and methodology group whose values disagree beyond noise
   * (docs/ARCHITECTURE.md, "Discrepancies"): {@code source} is the one on this row's side (the
   * row's own result, or another source of the row's model and group), {@code other} the one it
   * disagrees with; {@code threshold} is what |{@code source.value} − {@code other.value}|
   * exceeded, in the value's units, on the {@code basis} given: 1.96 × √(se₁² + se₂²) when both
   * standard errors are known, else the task's {@code metric.tolerance}, else half a unit of the
   * last written digit of the less precise value.
   */
  public record Discrepancy(Source source, Source other, double threshold, Basis basis) {
    public Discrepancy {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(other, "other");
      Objects.requireNonNull(basis, "basis");
    }

    /** |{@code source.value} − {@code other.value}|. */
    public double difference() {
      return Math.abs(source.value() - other.value());
    }

    /** The same discrepancy seen from {@code other}'s side. */
    public Discrepancy reversed() {
      return new Discrepancy(other, source, threshold, basis);
    }
  }

  /**
   * One source of a discrepancy: where it lives ({@code location}: a results file on {@code main}
   * or in an open pull request, or the model card's {@code README.md} when {@code modelCard}), its
   * value, and its standard error with where it comes from ({@code stderrSource}) when known.
   */
  public record Source(
      ResultLocation location,
      boolean modelCard,
      double value,
      Optional<Double> stderr,
      Optional<Uncertainty.Source> stderrSource) {
    public Source {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(stderr, "stderr");
      Objects.requireNonNull(stderrSource, "stderrSource");
    }
  }

  /** What a discrepancy's threshold rests on. */
  public enum Basis {
    /** 1.96 × the combined standard error of the two values. */
    STDERR("stderr"),
    /** The task's {@code metric.tolerance}. */
    TOLERANCE("tolerance"),
    /** Half a unit of the last written digit of the less precise value. */
    PRECISION("precision");

    private final String id;

    Basis(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * A flag against the row: its number in the flagged model's discussions, the model it was raised
   * on ({@code inheritedFrom} names an ancestor for a contamination flag inherited along {@code
   * base_model}), its category ({@code contamination}, {@code irreproducible}, {@code
   * wrong-methodology}, {@code other}) and status ({@code open}, {@code upheld}, {@code rejected}).
   */
  public record FlagMark(
      int number, RepoId model, String category, String status, Optional<RepoId> inheritedFrom) {
    public FlagMark {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(inheritedFrom, "inheritedFrom");
    }
  }
}
