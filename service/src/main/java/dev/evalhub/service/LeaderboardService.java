package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.leaderboard.BenchmarkChange;
import dev.evalhub.domain.leaderboard.BenchmarkInfo;
import dev.evalhub.domain.leaderboard.Comparison;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.MethodologySpread;
import dev.evalhub.domain.leaderboard.ModelDiscrepancy;
import dev.evalhub.domain.leaderboard.RecentResult;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.index.Index;
import dev.evalhub.storage.Repositories;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Leaderboards, benchmarks and results, as the index computes them, for the callers who may see
 * them: a benchmark the caller may not read is "repository not found", exactly like a missing one;
 * private models are never on a leaderboard (so one answer serves every caller who may see the
 * benchmark); a result naming a benchmark the caller may not read reads as one naming a dataset
 * that is no benchmark. Thread-safe.
 */
public final class LeaderboardService {

  private final Permissions permissions;
  private final Repositories repositories;
  private final Supplier<Index> index;

  LeaderboardService(Permissions permissions, Repositories repositories, Supplier<Index> index) {
    this.permissions = permissions;
    this.repositories = repositories;
    this.index = index;
  }

  /**
   * The leaderboard of task {@code taskId} (empty: the first task) of the benchmark {@code
   * dataset}; {@code baseModelsOnly} keeps only models whose README declares no {@code base_model}.
   * Not found when the caller may not read the dataset, when it is no registered benchmark, or when
   * it has no such task.
   */
  public Leaderboard leaderboard(
      RepoId dataset, Optional<String> taskId, boolean baseModelsOnly, Optional<Caller> caller) {
    return leaderboard(dataset, taskId, baseModelsOnly, false, caller);
  }

  /**
   * As {@link #leaderboard(RepoId, Optional, boolean, Optional)}; {@code hideFlagged} drops the
   * rows an open or inherited flag stands against (issue 14).
   */
  public Leaderboard leaderboard(
      RepoId dataset,
      Optional<String> taskId,
      boolean baseModelsOnly,
      boolean hideFlagged,
      Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(dataset, caller);
    return index
        .get()
        .leaderboard(benchmark.ref(benchmark.task(taskId)), baseModelsOnly, hideFlagged);
  }

  /**
   * A leaderboard and whether its benchmark is private: a private benchmark's answer is for the
   * callers who may read it, never for a shared cache.
   *
   * @param leaderboard the leaderboard
   * @param privateBenchmark whether the benchmark's repository is private
   */
  public record Visible(Leaderboard leaderboard, boolean privateBenchmark) {}

  /**
   * As {@link #leaderboard(RepoId, Optional, boolean, boolean, Optional)}, with whether the
   * benchmark is private (told by the same permission check, no second lookup).
   */
  public Visible visibleLeaderboard(
      RepoId dataset,
      Optional<String> taskId,
      boolean baseModelsOnly,
      boolean hideFlagged,
      Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(requireType(dataset, RepoType.DATASET), caller);
    BenchmarkInfo benchmark =
        index.get().benchmark(repo.id()).orElseThrow(() -> Index.notRegistered(repo.id()));
    return new Visible(
        index.get().leaderboard(benchmark.ref(benchmark.task(taskId)), baseModelsOnly, hideFlagged),
        repo.isPrivate());
  }

  /**
   * Every leaderboard of the benchmark {@code dataset}, one per task, in the order of its {@code
   * eval.yaml}.
   */
  public List<Leaderboard> leaderboards(
      RepoId dataset, boolean baseModelsOnly, Optional<Caller> caller) {
    return leaderboards(dataset, baseModelsOnly, false, caller);
  }

  /** As {@link #leaderboards(RepoId, boolean, Optional)}, with "hide flagged" (issue 14). */
  public List<Leaderboard> leaderboards(
      RepoId dataset, boolean baseModelsOnly, boolean hideFlagged, Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(dataset, caller);
    return benchmark.tasks().stream()
        .map(task -> index.get().leaderboard(benchmark.ref(task), baseModelsOnly, hideFlagged))
        .toList();
  }

  /**
   * Two models compared on task {@code taskId} of the benchmark {@code dataset} (see {@link
   * Index#compare}): in the methodology group {@code groupKey} when given, else the first group in
   * display order holding both. Not found when the caller may not read the dataset, when it is no
   * registered benchmark or has no such task, or when the two models have no rows in one group —
   * private models are never on a leaderboard, so a private model reads as one without results.
   * Invalid when {@code a} or {@code b} is no model id or both are the same model.
   */
  public Comparison compare(
      RepoId dataset,
      String taskId,
      RepoId a,
      RepoId b,
      Optional<String> groupKey,
      Optional<Caller> caller) {
    if (a.type() != RepoType.MODEL || b.type() != RepoType.MODEL) {
      throw HubException.invalid("a and b must be model ids NS/NAME");
    }
    if (a.fullName().equalsIgnoreCase(b.fullName())) {
      throw HubException.invalid("a and b must be two different models");
    }
    BenchmarkInfo benchmark = benchmark(dataset, caller);
    return index.get().compare(benchmark.ref(benchmark.task(Optional.of(taskId))), a, b, groupKey);
  }

  /**
   * The public changes record of the benchmark {@code dataset} (see {@link Index#changes}): every
   * change of its {@code eval.yaml} on {@code main} that affects results, newest first. Not found
   * when the caller may not read the dataset or when it is no registered benchmark.
   */
  public List<BenchmarkChange> changes(RepoId dataset, Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(dataset, caller);
    return index.get().changes(benchmark.dataset());
  }

  /**
   * Every discrepancy of the benchmark {@code dataset} (see {@link Index#discrepancies}): of task
   * {@code taskId} when given, else of every task in the order of its {@code eval.yaml}. Private
   * models are never included (as on leaderboards). Not found when the caller may not read the
   * dataset, when it is no registered benchmark, or when it has no such task.
   */
  public List<ModelDiscrepancy> discrepancies(
      RepoId dataset, Optional<String> taskId, Optional<Caller> caller) {
    BenchmarkInfo benchmark = benchmark(dataset, caller);
    taskId.ifPresent(id -> benchmark.task(Optional.of(id)));
    return index.get().discrepancies(benchmark.dataset(), taskId);
  }

  /** Every registered benchmark of a public dataset, with its tasks: the same for every caller. */
  public List<BenchmarkInfo> benchmarks() {
    return index.get().benchmarks();
  }

  /**
   * The {@code limit} latest results committed to public models' {@code main}, newest first: for
   * everyone.
   */
  public List<RecentResult> recentResults(int limit) {
    return index.get().recentResults(limit);
  }

  /**
   * The results of the model {@code model} on {@code main} and in its open pull requests, and its
   * invalid files; not found when the caller may not read the model.
   */
  public List<EvalResult> evalResults(RepoId model, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(requireType(model, RepoType.MODEL), caller);
    return index.get().evalResults(repo.id(), benchmark -> canRead(benchmark, caller));
  }

  /**
   * The methodology spreads of the model {@code model} (see {@link Index#spreads}): with {@code
   * taskId}, which needs its {@code dataset}, that task's; otherwise every task (of {@code
   * dataset}, when given) the model has results on in more than one methodology group. Not found
   * when the caller may not read the model; invalid for a task without its dataset or a dataset
   * that is no dataset id. A spread shows what the model's own files say, never whether the dataset
   * they name is a (private) benchmark.
   */
  public List<MethodologySpread> spreads(
      RepoId model, Optional<RepoId> dataset, Optional<String> taskId, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(requireType(model, RepoType.MODEL), caller);
    if (taskId.isPresent() && dataset.isEmpty()) {
      throw HubException.invalid("task_id needs its dataset (dataset=NS/NAME)");
    }
    if (dataset.isPresent() && dataset.get().type() != RepoType.DATASET) {
      throw HubException.invalid("dataset must be a dataset id NS/NAME");
    }
    return index.get().spreads(repo.id(), dataset, taskId);
  }

  private BenchmarkInfo benchmark(RepoId dataset, Optional<Caller> caller) {
    RepoInfo repo = permissions.readable(requireType(dataset, RepoType.DATASET), caller);
    return index.get().benchmark(repo.id()).orElseThrow(() -> Index.notRegistered(repo.id()));
  }

  private boolean canRead(RepoId id, Optional<Caller> caller) {
    return repositories.find(id).filter(repo -> permissions.canRead(caller, repo)).isPresent();
  }

  private static RepoId requireType(RepoId id, RepoType type) {
    if (id.type() != type) {
      throw HubException.repoNotFound(id);
    }
    return id;
  }
}
