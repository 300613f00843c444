package dev.evalhub.index.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.TaskRef;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.domain.leaderboard.ResultLocation;
import dev.evalhub.domain.leaderboard.Uncertainty;
import dev.evalhub.domain.leaderboard.Verdict;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntries;
import dev.evalhub.formats.model.ResultEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Turns index rows into domain values: badges, the entry and its methodology. Stateless. */
public final class Views {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Views() {}

  /**
   * A ranked row in {@code group} (the decoded group of its key), with its claims; {@code
   * ownIssuer} tells this hub's own issuers (whose verified tokens may name a job of this hub).
   */
  public static LeaderboardEntry entry(
      Ranking.Ranked ranked,
      TaskRef task,
      BenchmarkInfo.Task settings,
      dev.evalhub.domain.leaderboard.MethodologyGroup group,
      Predicate<String> ownIssuer) {
    List<LeaderboardEntry.Claim> claims =
        ranked.claims().stream()
            .map(
                c ->
                    new LeaderboardEntry.Claim(
                        c.value(), new PrNumber(c.prNumber()), c.commitAuthor()))
            .toList();
    return entry(
        ranked.rank(),
        ranked.candidate(),
        task,
        group,
        claims,
        Optional.empty(),
        RowUncertainty.of(ranked.candidate(), settings),
        ownIssuer);
  }

  /** A flagged row (not ranked: rank 0) with why; {@code ownIssuer} as for {@link #entry}. */
  public static LeaderboardEntry flagged(
      Ranking.Flagged flagged,
      TaskRef task,
      BenchmarkInfo.Task settings,
      dev.evalhub.domain.leaderboard.MethodologyGroup group,
      Predicate<String> ownIssuer) {
    return entry(
        0,
        flagged.candidate(),
        task,
        group,
        List.of(),
        Optional.of(new LeaderboardEntry.RangeFlag(flagged.reason(), flagged.hint())),
        RowUncertainty.of(flagged.candidate(), settings),
        ownIssuer);
  }

  private static LeaderboardEntry entry(
      int rank,
      Candidate c,
      TaskRef task,
      dev.evalhub.domain.leaderboard.MethodologyGroup group,
      List<LeaderboardEntry.Claim> claims,
      Optional<LeaderboardEntry.RangeFlag> flag,
      Optional<Uncertainty> uncertainty,
      Predicate<String> ownIssuer) {
    Map<String, Object> data = data(c);
    Object methodology = data.get("methodology");
    @SuppressWarnings("unchecked")
    Optional<Methodology> typed =
        methodology instanceof Map<?, ?> map
            ? Optional.of(new Methodology((Map<String, Object>) map))
            : Optional.empty();
    return new LeaderboardEntry(
        rank,
        new LeaderboardEntry.Model(
            model(c.modelId()), c.ownerIsOrg(), Optional.ofNullable(c.mirrorOf())),
        new LeaderboardEntry.Score(c.value(), Optional.ofNullable(c.stderr())),
        location(c),
        verdict(c),
        new LeaderboardEntry.Provenance(
            Optional.ofNullable(c.sourceUrl())
                .map(
                    url ->
                        new LeaderboardEntry.SourceLink(url, Optional.ofNullable(c.sourceLabel()))),
            Optional.ofNullable(c.notes()),
            typed,
            group,
            Instant.ofEpochMilli(c.effectiveTime()),
            data.get("num_samples") instanceof Number n
                ? OptionalLong.of(n.longValue())
                : OptionalLong.empty()),
        badges(c, Optional.of(task), ownIssuer),
        claims,
        flag,
        uncertainty,
        Optional.empty());
  }

  /** A result of a model's page; {@code ownIssuer} as for {@link #entry}. */
  public static EvalResult result(IndexQueries.ModelRow row, Predicate<String> ownIssuer) {
    Candidate c = row.candidate();
    ResultEntry entry = ResultEntries.fromTree(data(c));
    Optional<String> notOnLeaderboard = Optional.empty();
    Optional<TaskRef> task = Optional.empty();
    if (!row.benchmarkRegistered()) {
      notOnLeaderboard =
          Optional.of("dataset \"" + entry.dataset().id() + "\" is not a registered benchmark");
    } else if (!row.taskRegistered()) {
      notOnLeaderboard =
          Optional.of("\"" + row.taskId() + "\" is not a task of the benchmark " + row.datasetId());
    } else {
      task = Optional.of(new TaskRef(benchmark(row.datasetId()), row.taskId()));
    }
    return new EvalResult.Valid(
        location(c), entry, verdict(c), badges(c, task, ownIssuer), notOnLeaderboard);
  }

  /** The entry of a row, as the index stored it. */
  public static ResultEntry resultEntry(Candidate c) {
    return ResultEntries.fromTree(data(c));
  }

  /**
   * A result of a model ({@code entry}: its {@link #resultEntry}) as a measurement of its spread.
   */
  public static MethodologySpread.Measurement measurement(Candidate c, ResultEntry entry) {
    return new MethodologySpread.Measurement(
        entry.value(),
        Optional.ofNullable(entry.stderr()),
        Optional.ofNullable(entry.numSamples()),
        Optional.ofNullable(entry.date()),
        location(c),
        verdict(c),
        MethodologyGroup.decode(c.groupKey()),
        entry.methodology() == null ? Map.of() : entry.methodology().fields());
  }

  /** A model's id as the index stores it ({@code ns/name}). */
  public static RepoId model(String modelId) {
    return RepoId.parsePath(modelId)
        .orElseThrow(() -> new IllegalStateException("not a model id: " + modelId));
  }

  /** A benchmark's dataset as the index stores it ({@code ns/name}). */
  public static RepoId benchmark(String datasetId) {
    return RepoId.parsePath(RepoType.DATASET.urlPrefix() + datasetId)
        .orElseThrow(() -> new IllegalStateException("not a dataset id: " + datasetId));
  }

  private static ResultLocation location(Candidate c) {
    return new ResultLocation(c.filePath(), Optional.ofNullable(c.prNumber()).map(PrNumber::new));
  }

  private static Verdict verdict(Candidate c) {
    return new Verdict(c.verified(), Optional.ofNullable(c.verifyReason()));
  }

  private static List<Badge> badges(
      Candidate c, Optional<TaskRef> registered, Predicate<String> ownIssuer) {
    List<Badge> badges = new ArrayList<>();
    if (c.verified()) {
      badges.add(
          job(c, ownIssuer)
              .map(job -> Badge.verifiedByJob(c.verifyIssuer(), job))
              .orElseGet(() -> Badge.verified(c.verifyIssuer())));
    }
    if (!c.onMain()) {
      badges.add(Badge.community(new PrNumber(c.prNumber())));
    }
    if (c.sourceUrl() != null) {
      badges.add(Badge.source(c.sourceLabel(), c.sourceUrl()));
    }
    registered.ifPresent(task -> badges.add(Badge.leaderboard(task)));
    if (DetailsRead.REPRODUCED.equals(c.detailsStatus())) {
      badges.add(Badge.reproduced(c.detailsMessage()));
    } else if (c.detailsStatus() != null
        && DetailsRead.NOT_REPRODUCED.contains(c.detailsStatus())) {
      badges.add(Badge.notReproduced(c.detailsMessage()));
    }
    return badges;
  }

  /**
   * The job of this hub's runner that a verified result's token names: only for a token of one of
   * this hub's own issuers, whose job claim {@link JobClaims} checked against the job records when
   * it indexed the row (a trusted external issuer's job is one of its own hub).
   */
  private static Optional<JobId> job(Candidate c, Predicate<String> ownIssuer) {
    if (c.verifyIssuer() == null || !ownIssuer.test(c.verifyIssuer())) {
      return Optional.empty();
    }
    return data(c).get("verifyToken") instanceof String token
        ? JobClaims.jobClaim(token).filter(JobId::isJobId).map(JobId::new)
        : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Candidate c) {
    try {
      return JSON.readValue(c.entryJson(), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the index stores only JSON it wrote", e);
    }
  }
}
