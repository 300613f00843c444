package dev.evalhub.domain.leaderboard;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.Methodology;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of a leaderboard: its rank within its methodology group (0 for a flagged row, which is
 * not ranked), the model (and who owns it), the value, where the result lives, whether it is
 * verified, what it says of itself, the badges the hub gives it, the differing values open pull
 * requests claim, for a value outside the task's range why it is flagged, how precise the value is
 * (when known), the order its group's tests support for it (when its uncertainty is known) and what
 * the hub's public record says against it ({@link Trust}: invalidation, discrepancies, flags).
 * Immutable.
 */
public record LeaderboardEntry(
    int rank,
    Model model,
    Score score,
    ResultLocation location,
    Verdict verdict,
    Provenance provenance,
    List<Badge> badges,
    List<Claim> claims,
    Optional<RangeFlag> flag,
    Optional<Uncertainty> uncertainty,
    Optional<StatisticalRank> statistics,
    Trust trust) {

  public LeaderboardEntry {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(provenance, "provenance");
    badges = List.copyOf(badges);
    claims = List.copyOf(claims);
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(uncertainty, "uncertainty");
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(trust, "trust");
  }

  /** A row with nothing on the public record against it. */
  public LeaderboardEntry(
      int rank,
      Model model,
      Score score,
      ResultLocation location,
      Verdict verdict,
      Provenance provenance,
      List<Badge> badges,
      List<Claim> claims,
      Optional<RangeFlag> flag,
      Optional<Uncertainty> uncertainty,
      Optional<StatisticalRank> statistics) {
    this(
        rank,
        model,
        score,
        location,
        verdict,
        provenance,
        badges,
        claims,
        flag,
        uncertainty,
        statistics,
        Trust.NONE);
  }

  /** A row whose uncertainty and statistical rank are not known. */
  public LeaderboardEntry(
      int rank,
      Model model,
      Score score,
      ResultLocation location,
      Verdict verdict,
      Provenance provenance,
      List<Badge> badges,
      List<Claim> claims,
      Optional<RangeFlag> flag) {
    this(
        rank,
        model,
        score,
        location,
        verdict,
        provenance,
        badges,
        claims,
        flag,
        Optional.empty(),
        Optional.empty());
  }

  /** This row with its statistical rank. */
  public LeaderboardEntry withStatistics(StatisticalRank rank) {
    return new LeaderboardEntry(
        this.rank,
        model,
        score,
        location,
        verdict,
        provenance,
        badges,
        claims,
        flag,
        uncertainty,
        Optional.of(rank),
        trust);
  }

  /** This row with what the public record says against it. */
  public LeaderboardEntry withTrust(Trust value) {
    return new LeaderboardEntry(
        rank,
        model,
        score,
        location,
        verdict,
        provenance,
        badges,
        claims,
        flag,
        uncertainty,
        statistics,
        value);
  }

  /** This row with {@code more} badges after its own. */
  public LeaderboardEntry withBadges(List<Badge> more) {
    List<Badge> all = new java.util.ArrayList<>(badges);
    all.addAll(more);
    return new LeaderboardEntry(
        rank,
        model,
        score,
        location,
        verdict,
        provenance,
        all,
        claims,
        flag,
        uncertainty,
        statistics,
        trust);
  }

  /** A row with no community claim and no flag. */
  public LeaderboardEntry(
      int rank,
      Model model,
      Score score,
      ResultLocation location,
      Verdict verdict,
      Provenance provenance,
      List<Badge> badges) {
    this(rank, model, score, location, verdict, provenance, badges, List.of(), Optional.empty());
  }

  /**
   * A value an open pull request states for this model and group that differs from the row's
   * (hub-api.md, Leaderboards rule 4): visible, never replacing the row. {@code author} is who
   * committed it.
   */
  public record Claim(double value, PrNumber pullRequest, String author) {
    public Claim {
      Objects.requireNonNull(pullRequest, "pullRequest");
      Objects.requireNonNull(author, "author");
    }
  }

  /**
   * Why a value is not ranked (rule 5): outside the task's {@code metric.range} ({@code reason},
   * e.g. "outside the task's range [0, 1]"), with a hint when it fits the range ×100 or ÷100.
   */
  public record RangeFlag(String reason, Optional<String> hint) {
    public RangeFlag {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(hint, "hint");
    }
  }

  /**
   * The model repository and its owner: an organisation or a user; {@code origin} is the URL of the
   * repository of another hub it is a read-only mirror of (empty: this hub's own).
   */
  public record Model(RepoId id, boolean ownerIsOrganisation, Optional<String> origin) {
    public Model {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(origin, "origin");
    }

    /** A model of this hub's own. */
    public Model(RepoId id, boolean ownerIsOrganisation) {
      this(id, ownerIsOrganisation, Optional.empty());
    }
  }

  /** The value, with its standard error when the result states one. */
  public record Score(double value, Optional<Double> stderr) {}

  /**
   * What the result says of itself: where it comes from ({@code source}, a link with an optional
   * name), its notes, its methodology block (empty when it states none), the methodology group it
   * is ranked in, its effective date (the {@code date} the entry states, else the time of the
   * commit that wrote it) and the {@code num_samples} it states.
   */
  public record Provenance(
      Optional<SourceLink> source,
      Optional<String> notes,
      Optional<Methodology> methodology,
      MethodologyGroup group,
      Instant date,
      OptionalLong numSamples) {

    public Provenance {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(numSamples, "numSamples");
    }
  }

  /**
   * Where a result comes from, as the Hub's leaderboard shows it: a link, and its name when the
   * result gives one.
   */
  public record SourceLink(String url, Optional<String> name) {}
}
