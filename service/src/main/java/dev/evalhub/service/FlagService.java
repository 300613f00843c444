package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.IndexKey;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.NewFlag;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.domain.repo.RepoInfo;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.FileKind;
import dev.evalhub.formats.canonical.CanonicalJson;
import dev.evalhub.formats.model.ResultEntries;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.storage.PullRequests;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoReader;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Flags and disputes on a model's results (issue 14): raising a flag, reading flags, commenting on
 * them and resolving them. A flag is a discussion record of kind {@code flag} on the model
 * repository ({@code refs/meta/pr/N}, same numbering as discussions). Rules, checked first through
 * {@link Permissions}: whoever may read the model reads its flags (a private model is "not found");
 * any signed-in account with a write token raises a flag; the flagger and the model's writers
 * comment; only the writers resolve ({@link Permissions#canResolveFlag}), once. Thread-safe.
 */
public final class FlagService {

  private final Permissions permissions;
  private final Storage storage;
  private final PullRequests records;
  private final EvalFormats formats;

  FlagService(Permissions permissions, Storage storage) {
    this.permissions = permissions;
    this.storage = storage;
    this.records = storage.pullRequests();
    this.formats = storage.options().formats();
  }

  /**
   * Raises {@code what} on {@code model} as {@code caller}: INVALID when the target names no result
   * of the model's {@code main} (or several, without notes to tell them apart), FORBIDDEN for a
   * read token. The target is recorded with the entry's sha256 on {@code main} now.
   */
  public PullRequest raise(RepoId model, Caller caller, NewFlag what) {
    RepoInfo info = permissions.readable(requireModel(model), Optional.of(caller));
    requireWriteToken(caller);
    FlagTarget target = target(info.id(), what);
    return records.openFlag(
        info.id(),
        caller.user(),
        new NewDiscussion(what.title(), what.evidence(), false),
        new Flag(what.category(), target, what.links(), Optional.empty()));
  }

  /** The flags of {@code model} by number, those in {@code status} only when given. */
  public List<PullRequest> list(
      RepoId model, Optional<Caller> caller, Optional<FlagStatus> status) {
    RepoInfo info = permissions.readable(requireModel(model), caller);
    return records.list(info.id()).stream()
        .filter(pr -> pr.flag().isPresent())
        .filter(pr -> status.map(s -> pr.flag().get().status() == s).orElse(true))
        .toList();
  }

  /** Flag {@code number} of {@code model}; NOT_FOUND when there is none (or it is no flag). */
  public PullRequest get(RepoId model, PrNumber number, Optional<Caller> caller) {
    RepoInfo info = permissions.readable(requireModel(model), caller);
    return flag(info.id(), number);
  }

  /**
   * Appends {@code caller}'s comment: the flagger and the model's writers (FORBIDDEN otherwise).
   */
  public PullRequest comment(RepoId model, PrNumber number, Caller caller, String text) {
    RepoInfo info = permissions.readable(requireModel(model), Optional.of(caller));
    requireWriteToken(caller);
    PullRequest flag = flag(info.id(), number);
    if (!permissions.canCommentOnFlag(Optional.of(caller), info.id(), flag.author())) {
      throw HubException.forbidden(
          "only the flagger and the writers of " + info.id() + " may comment on flag #" + number);
    }
    return records.comment(info.id(), number, caller.user(), text);
  }

  /**
   * Resolves flag {@code number} as {@code outcome} (upheld or rejected) with {@code comment}: the
   * model's writers only (FORBIDDEN otherwise), once (CONFLICT when resolved already).
   */
  public PullRequest resolve(
      RepoId model, PrNumber number, Caller caller, FlagStatus outcome, String comment) {
    RepoInfo info = permissions.readable(requireModel(model), Optional.of(caller));
    if (!permissions.canResolveFlag(Optional.of(caller), info.id())) {
      throw HubException.forbidden(
          "only the writers of " + info.id() + " (with a write token) may resolve flags");
    }
    if (outcome == FlagStatus.OPEN) {
      throw HubException.invalid("resolution: must be \"upheld\" or \"rejected\"");
    }
    flag(info.id(), number);
    return records.resolveFlag(info.id(), number, caller.user(), outcome, comment);
  }

  /** Whether {@code caller} may resolve flags of {@code model} (for a page to offer). */
  public boolean canResolve(RepoId model, Optional<Caller> caller) {
    return permissions.canResolveFlag(caller, model);
  }

  /** Whether {@code caller} may comment on {@code flag} of {@code model} (for a page to offer). */
  public boolean canComment(RepoId model, PullRequest flag, Optional<Caller> caller) {
    return permissions.canCommentOnFlag(caller, model, flag.author());
  }

  private PullRequest flag(RepoId model, PrNumber number) {
    PullRequest pr;
    try {
      pr = records.get(model, number);
    } catch (HubException e) {
      throw notFound(model, number);
    }
    if (pr.flag().isEmpty()) {
      throw notFound(model, number);
    }
    return pr;
  }

  private static HubException notFound(RepoId model, PrNumber number) {
    return HubException.notFound("flag #" + number + " not found in " + model);
  }

  /** The result of {@code main} that {@code what} names, with its entry's sha256 now. */
  private FlagTarget target(RepoId model, NewFlag what) {
    if (FileKind.ofRepositoryPath(what.file()).filter(k -> k == FileKind.RESULTS).isEmpty()) {
      throw HubException.invalid(
          "target.filename: \"" + what.file() + "\" is not a .eval_results/*.yaml file");
    }
    Optional<byte[]> bytes;
    try (RepoReader reader = storage.reader(model)) {
      Optional<dev.evalhub.domain.CommitId> main = reader.head(RefNames.MAIN);
      bytes = main.isEmpty() ? Optional.empty() : reader.file(main.get(), what.file());
    } catch (IOException e) {
      throw new StorageException("cannot read " + what.file() + " of " + model, e);
    }
    if (bytes.isEmpty()) {
      throw HubException.invalid(
          "target.filename: " + what.file() + " does not exist on main of " + model);
    }
    Optional<ResultsFile> file = formats.readResults(bytes.get()).value();
    if (file.isEmpty()) {
      throw HubException.invalid(
          "target.filename: " + what.file() + " on main of " + model + " is not valid");
    }
    String datasetKey = IndexKey.ofDataset(what.dataset()).value();
    List<ResultEntry> matching =
        file.get().entries().stream()
            .filter(e -> IndexKey.ofDataset(e.dataset().id()).value().equals(datasetKey))
            .filter(e -> e.dataset().taskId().equals(what.taskId()))
            .filter(
                e -> what.notes().isEmpty() || what.notes().equals(Objects.toString(e.notes(), "")))
            .toList();
    if (matching.isEmpty()) {
      throw HubException.invalid(
          "target: "
              + what.file()
              + " on main of "
              + model
              + " holds no result of dataset "
              + what.dataset()
              + " task "
              + what.taskId());
    }
    if (matching.size() > 1) {
      throw HubException.invalid(
          "target: "
              + what.file()
              + " holds "
              + matching.size()
              + " results of dataset "
              + what.dataset()
              + " task "
              + what.taskId()
              + "; name one by its notes");
    }
    ResultEntry entry = matching.get(0);
    return new FlagTarget(
        what.file(),
        entry.dataset().id(),
        entry.dataset().taskId(),
        Objects.toString(entry.notes(), ""),
        CanonicalJson.sha256Hex(ResultEntries.toTree(entry)));
  }

  private static RepoId requireModel(RepoId id) {
    if (id.type() != RepoType.MODEL) {
      throw HubException.repoNotFound(id);
    }
    return id;
  }

  private static void requireWriteToken(Caller caller) {
    if (!caller.canWrite()) {
      throw HubException.forbidden("a read token cannot raise or comment on flags");
    }
  }
}
