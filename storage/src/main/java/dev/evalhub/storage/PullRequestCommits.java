package dev.evalhub.storage;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.PullRequest;
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
 * Server-side commits that open a pull request ({@code create_pr} of the commit API) or add to one (a commit to
 * {@code refs/pr/N}). They are validated like any commit, and follow the rules of a push to {@code refs/pr/N}: any
 * account with a write token that can read the repository opens one; its author and the repository's writers add
 * to an open one. A straight path, without the push hook: commit, validate, land, move the head and publish it
 * ({@link PullRequestHeads}). Thread-safe.
 */
public final class PullRequestCommits {

  /** What became of the commit, and the pull request it opened or extended when it was made. Immutable. */
  public record Outcome(CommitResult commit, Optional<PrNumber> pullRequest) {}

  private final Repositories repositories;
  private final Access access;
  private final PullRequests pullRequests;
  private final EventLog events;
  private final EvalFormats formats;
  private final long maxRepoBytes;

  PullRequestCommits(Repositories repositories, Access access, PullRequests pullRequests, EventLog events,
      EvalFormats formats, long maxRepoBytes) {
    this.maxRepoBytes = maxRepoBytes;
    this.repositories = repositories;
    this.access = access;
    this.pullRequests = pullRequests;
    this.events = events;
    this.formats = formats;
  }

  /**
   * Opens a pull request against {@code main} whose head is {@code request}'s commit on top of its expected parent
   * (the base), else of {@code main}. The pull request's title is the commit's subject.
   */
  public Outcome open(RepoId repo, Caller caller, CommitRequest request) {
    if (!request.ref().name().equals(RefNames.MAIN)) {
      throw HubException.invalid("pull requests target main, not " + request.ref());
    }
    return withRepository(repo, caller, (info, repository, quarantine, reader, heads) -> {
      Ref main = repository.exactRef(RefNames.MAIN);
      if (main == null && request.expectedParent().isEmpty()) {
        throw HubException.conflict(info.id() + " has no commit on main yet: a pull request needs one to target");
      }
      ObjectId base = request.expectedParent().map(p -> ObjectId.fromString(p.hex())).orElse(main.getObjectId());
      if (!repository.getObjectDatabase().has(base)) {
        return new Outcome(mismatch(), Optional.empty());
      }
      Commits.Prepared prepared = Commits.prepare(quarantine.repository(), reader, base, request, formats);
      if (!prepared.isValid()) {
        return new Outcome(invalid(prepared), Optional.empty());
      }
      Commits.land(quarantine, maxRepoBytes, info.id());
      PullRequest pr = heads.open(prepared.commit());
      return new Outcome(committed(prepared), Optional.of(pr.number()));
    });
  }

  /** Adds {@code request}'s commit to the open pull request {@code number}, on top of its head. */
  public Outcome push(RepoId repo, PrNumber number, Caller caller, CommitRequest request) {
    return withRepository(repo, caller, (info, repository, quarantine, reader, heads) -> {
      Optional<PullRequest> pr = pullRequests.records(info.id(), repository).get(number);
      if (pr.isEmpty() || !pr.get().isPullRequest()) {
        throw new HubException(HubException.Kind.REVISION_NOT_FOUND, "pull request #" + number + " not found in "
            + info.id());
      }
      heads.refusal(number, false).ifPresent(refusal -> {
        throw HubException.forbidden(refusal);
      });
      String ref = RefNames.pullRequest(number.value());
      Ref current = repository.exactRef(ref);
      ObjectId old = current == null ? ObjectId.zeroId() : current.getObjectId();
      Ref main = repository.exactRef(RefNames.MAIN);
      if (current == null && main == null) {
        throw HubException.conflict(info.id() + " has no commit on main yet: a pull request needs one to target");
      }
      ObjectId parent = current == null ? main.getObjectId() : old;
      if (request.expectedParent().map(p -> ObjectId.fromString(p.hex())).filter(p -> !p.equals(parent))
          .isPresent()) {
        return new Outcome(mismatch(), Optional.empty());
      }
      Commits.Prepared prepared = Commits.prepare(quarantine.repository(), reader, parent, request, formats);
      if (!prepared.isValid()) {
        return new Outcome(invalid(prepared), Optional.empty());
      }
      Commits.land(quarantine, maxRepoBytes, info.id());
      if (!heads.move(number, old, prepared.commit(), List.of(parent)).isDone()) {
        return new Outcome(mismatch(), Optional.empty());
      }
      return new Outcome(committed(prepared), Optional.of(number));
    });
  }

  /** What runs with an opened repository, its reader and its pull-request heads for the caller. */
  @FunctionalInterface
  private interface Action {
    Outcome run(RepoInfo info, Repository repository, Quarantine quarantine, ObjectReader reader,
        PullRequestHeads heads) throws IOException;
  }

  private Outcome withRepository(RepoId repo, Caller caller, Action action) {
    RepoInfo info = repositories.find(repo).filter(r -> access.canRead(Optional.of(caller), r))
        .orElseThrow(() -> HubException.repoNotFound(repo));
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot open or add to pull requests");
    }
    try (Repository repository = repositories.open(info.id()); Quarantine quarantine = Quarantine.open(repository);
        ObjectReader reader = quarantine.repository().newObjectReader()) {
      PullRequestHeads heads = new PullRequestHeads(info.id(), repository,
          pullRequests.records(info.id(), repository), events, caller.user(),
          access.canWrite(Optional.of(caller), info.id()));
      return action.run(info, repository, quarantine, reader, heads);
    } catch (IOException e) {
      throw new StorageException("cannot commit to a pull request of " + repo, e);
    }
  }

  private static CommitResult committed(Commits.Prepared prepared) {
    return new CommitResult(CommitResult.Status.COMMITTED, Optional.of(prepared.commit().name()),
        prepared.problems());
  }

  private static CommitResult invalid(Commits.Prepared prepared) {
    return new CommitResult(CommitResult.Status.INVALID_FILES, Optional.empty(), prepared.problems());
  }

  private static CommitResult mismatch() {
    return new CommitResult(CommitResult.Status.PARENT_MISMATCH, Optional.empty(), List.of());
  }
}
