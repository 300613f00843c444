package dev.evalhub.storage;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.CommitResult;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.domain.repo.ImportedRepository;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.storage.internal.ChangedFilesValidator;
import dev.evalhub.storage.internal.MirrorFetch;
import dev.evalhub.storage.internal.MirrorMark;
import dev.evalhub.storage.internal.Quarantine;
import dev.evalhub.storage.internal.RefWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The local copies of mirrored repositories ({@code evalhub.mirror-of} in their config; see {@link
 * MirrorRecords}): created from a source's git history or from files read through the Hugging Face
 * API, and refreshed, always by {@link #ACTOR}. Every move of a copy's {@code main} is validated as
 * a push is, only ever fast-forwards, and is published through {@link RefWriter} (event, push
 * note), so that the index and the webhooks see it; nothing else may move a copy's refs.
 * Thread-safe.
 */
public final class MirrorCopies {

  /** The account that makes every change of a mirrored repository. */
  public static final String ACTOR = "evalhub-mirror";

  private final Repositories repositories;
  private final EventLog events;
  private final Commits commits;
  private final StorageOptions options;
  private final Clock clock;

  MirrorCopies(
      Repositories repositories,
      EventLog events,
      Commits commits,
      StorageOptions options,
      Clock clock) {
    this.repositories = repositories;
    this.events = events;
    this.commits = commits;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Creates the public mirror {@code id} (a name no repository has, in a namespace that exists) of
   * {@code origin} from the git repository at {@code gitUrl}: its default branch with its history
   * becomes {@code main}, validated and sized as {@link Storage#importRepository} does; on any
   * refusal nothing is created.
   */
  ImportedRepository createFromGit(
      RepoId id, String gitUrl, String origin, int timeoutSeconds, Duration total) {
    return new RepoImporter(repositories, events, options)
        .runMirror(id, gitUrl, ACTOR, origin, timeoutSeconds, total);
  }

  /**
   * Creates the public mirror {@code id} of {@code origin} with one commit of {@code files} (what
   * the Hugging Face API served) with {@code message}; on any refusal nothing is created.
   *
   * @throws HubException INVALID with the validator's errors when a file does not validate
   */
  RepoInfo createFromFiles(RepoId id, String origin, List<FileChange> files, String message) {
    List<FileProblem> problems = commits.validateNew(files);
    if (problems.stream().anyMatch(FileProblem::isError)) {
      throw HubException.invalid(FileProblem.describeErrors(problems));
    }
    RepoInfo created = repositories.createBare(id, false);
    try {
      try (Repository repository = repositories.open(id)) {
        MirrorMark.mark(repository, origin);
      }
      CommitResult result =
          commits.commitAsMirror(
              id,
              new CommitRequest(
                  new RefName(RefNames.MAIN),
                  Optional.of(CommitId.ZERO),
                  files,
                  message,
                  new AccountName(ACTOR)));
      if (!result.isCommitted()) {
        throw HubException.invalid(
            "cannot make the first commit of "
                + id
                + ": "
                + result.status()
                + " "
                + FileProblem.describeErrors(result.problems()));
      }
      return new RepoInfo(id, false, Optional.of(origin));
    } catch (IOException | RuntimeException e) {
      repositories.deleteNew(id);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("cannot create the mirror " + id, e);
    }
  }

  /**
   * One commit of {@code changes} on the mirror {@code id}'s {@code main}, on top of {@code
   * expectedParent}, validated as any commit is: what an API refresh brings.
   */
  public CommitResult commitFiles(
      RepoId id, CommitId expectedParent, List<FileChange> changes, String message) {
    return commits.commitAsMirror(
        id,
        new CommitRequest(
            new RefName(RefNames.MAIN),
            Optional.of(expectedParent),
            changes,
            message,
            new AccountName(ACTOR)));
  }

  /** What became of one git refresh of a mirror. */
  public enum FetchStatus {
    /** The source's {@code main} is the copy's already. */
    UP_TO_DATE,
    /** The copy's {@code main} moved forward to the source's. */
    UPDATED,
    /** The source's {@code main} does not contain the copy's: nothing was applied. */
    REWRITTEN,
    /** The files the hub reads do not validate at the source's tip: nothing was applied. */
    INVALID,
    /** The fetch brought more than {@code max-pack-bytes} or the copy would pass its quota. */
    TOO_LARGE,
    /** The copy's {@code main} moved while the refresh ran (another refresh): try again. */
    RACED
  }

  /**
   * One git refresh: the source's {@code main} ({@code sourceHead}), the copy's {@code main} after
   * it ({@code localHead}, empty when it has none) and, but for {@link FetchStatus#UP_TO_DATE} and
   * {@link FetchStatus#UPDATED}, why nothing was applied.
   */
  public record Fetched(
      FetchStatus status,
      Optional<String> sourceHead,
      Optional<String> localHead,
      Optional<String> problem) {}

  /**
   * Fetches {@code main} of the git repository at {@code gitUrl} into a quarantine of the mirror
   * {@code id} ({@code internal.MirrorFetch}: objects checked, no redirect followed, each network
   * read within {@code timeoutSeconds}, the whole fetch within {@code total}, the streamed objects
   * within {@code max-pack-bytes}) and moves the copy's {@code main} to it when it is a
   * fast-forward whose files validate and whose objects fit {@code max-pack-bytes} and {@code
   * max-repo-bytes}. A rewritten history, invalid files or a size over a limit are returned as
   * values and change nothing.
   *
   * @throws HubException INVALID when the source cannot be fetched (unreachable, not found, not
   *     git), CONFLICT when {@code id} is no mirror
   */
  public Fetched fetchGit(RepoId id, String gitUrl, int timeoutSeconds, Duration total) {
    try (Repository repository = repositories.open(id)) {
      if (MirrorMark.of(repository).isEmpty()) {
        throw HubException.conflict(id + " is not a mirror");
      }
      MirrorFetch.refuseRedirects(repository);
      return fetchGit(id, repository, gitUrl, timeoutSeconds, total);
    } catch (IOException e) {
      throw new StorageException("cannot refresh the mirror " + id, e);
    }
  }

  private Fetched fetchGit(
      RepoId id, Repository repository, String gitUrl, int timeoutSeconds, Duration total)
      throws IOException {
    try (Quarantine quarantine = Quarantine.open(repository)) {
      Ref main = repository.exactRef(RefNames.MAIN);
      ObjectId old = main == null ? ObjectId.zeroId() : main.getObjectId();
      Optional<String> local = main == null ? Optional.empty() : Optional.of(old.name());
      Repository incoming = quarantine.repository();
      ObjectId head =
          MirrorFetch.fetchMain(incoming, gitUrl, timeoutSeconds, total, options.maxPackBytes());
      Files.deleteIfExists(repository.getDirectory().toPath().resolve(Constants.FETCH_HEAD));
      Optional<String> source = Optional.of(head.name());
      if (head.equals(old)) {
        return new Fetched(FetchStatus.UP_TO_DATE, source, local, Optional.empty());
      }
      try (RevWalk walk = new RevWalk(incoming);
          ObjectReader reader = incoming.newObjectReader()) {
        if (main != null && !walk.isMergedInto(walk.parseCommit(old), walk.parseCommit(head))) {
          return new Fetched(
              FetchStatus.REWRITTEN,
              source,
              local,
              Optional.of(
                  "history rewritten at the source: its main ("
                      + head.abbreviate(8).name()
                      + ") does not contain the mirrored "
                      + old.abbreviate(8).name()
                      + "; nothing applied"));
        }
        List<FileProblem> problems =
            new ChangedFilesValidator(options.formats(), reader)
                .validate(main == null ? null : old, head);
        if (problems.stream().anyMatch(FileProblem::isError)) {
          return new Fetched(
              FetchStatus.INVALID,
              source,
              local,
              Optional.of(
                  "invalid files at the source's "
                      + head.abbreviate(8).name()
                      + ", nothing applied:\n"
                      + FileProblem.describeErrors(problems)));
        }
      }
      long bytes = quarantine.bytes();
      if (options.maxPackBytes() > 0 && bytes > options.maxPackBytes()) {
        return new Fetched(
            FetchStatus.TOO_LARGE,
            source,
            local,
            Optional.of(
                "the fetch brought "
                    + bytes
                    + " bytes, over max-pack-bytes ("
                    + options.maxPackBytes()
                    + ")"));
      }
      Optional<String> refusal = quarantine.land(options.maxRepoBytes(), id.toString());
      if (refusal.isPresent()) {
        return new Fetched(FetchStatus.TOO_LARGE, source, local, refusal);
      }
      RefWriter.Outcome outcome =
          RefWriter.forMirror(repository)
              .publish(
                  RefNames.MAIN,
                  old,
                  head,
                  "mirror: fetched from " + gitUrl,
                  List.of(old),
                  new RefWriter.Publication(events, id, new AccountName(ACTOR), clock.instant()),
                  "mirror-ref-updated");
      return outcome.isDone()
          ? new Fetched(FetchStatus.UPDATED, source, source, Optional.empty())
          : new Fetched(
              FetchStatus.RACED,
              source,
              local,
              Optional.of("main moved during the refresh; tried again next time"));
    }
  }
}
