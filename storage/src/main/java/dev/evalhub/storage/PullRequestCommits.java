package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.CommitOutcome;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.internal.Quarantine;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Server-side commits that open a pull request ({@code create_pr} of the commit API) or add to one
 * (a commit to {@code refs/pr/N}). They are validated like any commit; a commit is added only to an
 * open pull request. Who may open one or add to one is the caller's business (the service layer
 * decides, then names the acting account here). A straight path, without the push hook: commit,
 * validate, land, move the head and publish it ({@link PullRequestHeads}). Thread-safe.
 */
public final class PullRequestCommits {

  private final Repositories repositories;
  private final PullRequests pullRequests;
  private final EventLog events;
  private final EvalFormats formats;
  private final long maxRepoBytes;

  PullRequestCommits(
      Repositories repositories,
      PullRequests pullRequests,
      EventLog events,
      EvalFormats formats,
      long maxRepoBytes) {
    this.maxRepoBytes = maxRepoBytes;
    this.repositories = repositories;
    this.pullRequests = pullRequests;
    this.events = events;
    this.formats = formats;
  }

  /**
   * Opens a pull request against {@code main} whose head is {@code request}'s commit on top of its
   * expected parent (the base), else of {@code main}, made by {@code actor} in the existing
   * repository {@code repo} (as {@link Repositories#find} spells it). The pull request's title is
   * the commit's subject.
   */
  public CommitOutcome open(RepoId repo, String actor, CommitRequest request) {
    if (!request.ref().name().equals(RefNames.MAIN)) {
      throw HubException.invalid("pull requests target main, not " + request.ref());
    }
    return withRepository(
        repo,
        actor,
        (info, repository, quarantine, reader, heads) -> {
          Ref main = repository.exactRef(RefNames.MAIN);
          if (main == null && request.expectedParent().isEmpty()) {
            throw HubException.conflict(
                info.id() + " has no commit on main yet: a pull request needs one to target");
          }
          ObjectId base =
              request
                  .expectedParent()
                  .map(p -> ObjectId.fromString(p.hex()))
                  .orElse(main.getObjectId());
          if (!repository.getObjectDatabase().has(base)) {
            return new CommitOutcome(mismatch(), Optional.empty());
          }
          Commits.Prepared prepared =
              Commits.prepare(quarantine.repository(), reader, base, request, formats);
          if (!prepared.isValid()) {
            return new CommitOutcome(invalid(prepared), Optional.empty());
          }
          Commits.land(quarantine, maxRepoBytes, info.id());
          PullRequest pr = heads.open(prepared.commit());
          return new CommitOutcome(committed(prepared), Optional.of(pr.number()));
        });
  }

  /**
   * The discussion or pull request {@code number} of the existing repository {@code repo}, or empty
   * when there is none: what the service reads to decide who may add to it.
   */
  public Optional<PullRequest> pullRequest(RepoId repo, PrNumber number) {
    try (Repository repository = repositories.open(repo)) {
      return pullRequests.records(repo, repository).get(number);
    } catch (IOException e) {
      throw new StorageException("cannot read pull request #" + number + " of " + repo, e);
    }
  }

  /**
   * Adds {@code request}'s commit, made by {@code actor}, to the open pull request {@code number},
   * on top of its head. A pull request that is missing is REVISION_NOT_FOUND; one that is not open
   * is FORBIDDEN.
   */
  public CommitOutcome push(RepoId repo, PrNumber number, String actor, CommitRequest request) {
    return withRepository(
        repo,
        actor,
        (info, repository, quarantine, reader, heads) -> {
          Optional<PullRequest> pr = pullRequests.records(info.id(), repository).get(number);
          if (pr.isEmpty() || !pr.get().isPullRequest()) {
            throw new HubException(
                HubException.Kind.REVISION_NOT_FOUND,
                "pull request #" + number + " not found in " + info.id());
          }
          heads
              .refusal(number, false)
              .ifPresent(
                  refusal -> {
                    throw HubException.forbidden(refusal);
                  });
          String ref = RefNames.pullRequest(number.value());
          Ref current = repository.exactRef(ref);
          ObjectId old = current == null ? ObjectId.zeroId() : current.getObjectId();
          Ref main = repository.exactRef(RefNames.MAIN);
          if (current == null && main == null) {
            throw HubException.conflict(
                info.id() + " has no commit on main yet: a pull request needs one to target");
          }
          ObjectId parent = current == null ? main.getObjectId() : old;
          if (request
              .expectedParent()
              .map(p -> ObjectId.fromString(p.hex()))
              .filter(p -> !p.equals(parent))
              .isPresent()) {
            return new CommitOutcome(mismatch(), Optional.empty());
          }
          Commits.Prepared prepared =
              Commits.prepare(quarantine.repository(), reader, parent, request, formats);
          if (!prepared.isValid()) {
            return new CommitOutcome(invalid(prepared), Optional.empty());
          }
          Commits.land(quarantine, maxRepoBytes, info.id());
          if (!heads.move(number, old, prepared.commit(), List.of(parent)).isDone()) {
            return new CommitOutcome(mismatch(), Optional.empty());
          }
          return new CommitOutcome(committed(prepared), Optional.of(number));
        });
  }

  /** What runs with an opened repository, its reader and its pull-request heads for the caller. */
  @FunctionalInterface
  private interface Action {
    CommitOutcome run(
        RepoInfo info,
        Repository repository,
        Quarantine quarantine,
        ObjectReader reader,
        PullRequestHeads heads)
        throws IOException;
  }

  private CommitOutcome withRepository(RepoId repo, String actor, Action action) {
    RepoInfo info = repositories.find(repo).orElseThrow(() -> HubException.repoNotFound(repo));
    // The service decided who may add to the pull request (writer = true): the heads still refuse
    // one not open.
    try (Repository repository = repositories.open(info.id());
        Quarantine quarantine = Quarantine.open(repository);
        ObjectReader reader = quarantine.repository().newObjectReader()) {
      PullRequestHeads heads =
          new PullRequestHeads(
              info.id(),
              repository,
              pullRequests.records(info.id(), repository),
              events,
              actor,
              true);
      return action.run(info, repository, quarantine, reader, heads);
    } catch (IOException e) {
      throw new StorageException("cannot commit to a pull request of " + repo, e);
    }
  }

  private static CommitResult committed(Commits.Prepared prepared) {
    return new CommitResult(
        CommitResult.Status.COMMITTED, Optional.of(prepared.commit().name()), prepared.problems());
  }

  private static CommitResult invalid(Commits.Prepared prepared) {
    return new CommitResult(
        CommitResult.Status.INVALID_FILES, Optional.empty(), prepared.problems());
  }

  private static CommitResult mismatch() {
    return new CommitResult(CommitResult.Status.PARENT_MISMATCH, Optional.empty(), List.of());
  }
}
