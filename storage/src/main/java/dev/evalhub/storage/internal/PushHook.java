package dev.evalhub.storage.internal;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.repo.FileProblem;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.PushPermissions;
import dev.evalhub.storage.RefNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's rules for one push, run by JGit before and after the refs move: {@code refs/for/main}
 * opens a pull request, {@code refs/pr/N} takes pushes from its author and the writers while open,
 * otherwise only branches and tags are pushed and only by writers, {@code main} only moves forward,
 * and every changed evalhub file must validate, and the objects must fit the repository's size
 * quota ({@link Landing}: they wait in a quarantine and land only when every command is accepted).
 * Any refusal refuses the whole push, so that no ref moves. Accepted updates are handed to the
 * event log, their commits noted with the pushing account, and pull-request pushes recorded. One
 * per push; not thread-safe.
 */
public final class PushHook implements PreReceiveHook, PostReceiveHook {

  /** What the hook asks of the pull-request side of the storage, for the pushing account. */
  public interface PullRequestSide {
    /** Why the push may not update {@code refs/pr/N} this way; empty when it may. */
    Optional<String> refusal(int number, ReceiveCommand.Type type);

    /** Opens a pull request whose head is {@code head}; returns the line to show, with its URL. */
    String open(ObjectId head);

    /** Records an accepted push to {@code refs/pr/N} as an event of its record. */
    void pushed(int number, ObjectId oldId, ObjectId newId);

    /** Notes the pushing account on the commits that {@code newTip} brings into the repository. */
    void noteCommits(ObjectId newTip, List<ObjectId> known, String ref);
  }

  /**
   * Where the push's objects wait: they land in the repository only once every command is accepted.
   */
  @FunctionalInterface
  public interface Landing {
    /**
     * Moves the received objects into the repository, or says why they may not (the size quota).
     */
    Optional<String> land() throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(PushHook.class);

  private final RepoId repo;
  private final String actor;
  private final PushPermissions permissions;
  private final EvalFormats formats;
  private final Consumer<List<RefEvent.Pending>> accepted;
  private final PullRequestSide pullRequests;
  private final Landing landing;

  /** Main before this push moved anything: commits reachable from it are not the push's to note. */
  private ObjectId mainBefore = ObjectId.zeroId();

  /**
   * The rules for one push by {@code actor} to {@code repo}; {@code permissions} (decided above
   * storage) says which refs {@code actor} may update.
   */
  public PushHook(
      RepoId repo,
      String actor,
      PushPermissions permissions,
      EvalFormats formats,
      Consumer<List<RefEvent.Pending>> accepted,
      PullRequestSide pullRequests,
      Landing landing) {
    this.repo = repo;
    this.actor = actor;
    this.permissions = permissions;
    this.formats = formats;
    this.accepted = accepted;
    this.pullRequests = pullRequests;
    this.landing = landing;
  }

  @Override
  public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    mainBefore = mainOf(rp);
    Optional<String> mirror = MirrorMark.refusal(rp.getRepository());
    if (mirror.isPresent()) {
      // Only a mirror refresh moves a mirror's refs: every command is refused, nothing lands.
      for (ReceiveCommand command : commands) {
        command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, mirror.get());
      }
      rp.sendError(mirror.get());
      return;
    }
    for (ReceiveCommand command : commands) {
      refusal(command)
          .ifPresent(
              reason -> command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason));
    }
    if (commands.stream().allMatch(c -> c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED)) {
      checkMessages(rp, commands);
    }
    if (commands.stream().allMatch(c -> c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED)) {
      validate(rp, commands);
    }
    // JGit hands over only the commands it has not refused itself (a stale old id, say): with none
    // left, the
    // push is refused whole and its objects must not land.
    if (!commands.isEmpty()
        && commands.stream().allMatch(c -> c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED)) {
      land(rp, commands);
    }
    if (commands.stream().allMatch(c -> c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED)) {
      CrashPoint.reached("push-validated");
      // refs/for/main never exists: the hook opens the pull request itself, and git reports the
      // magic ref as ok.
      for (ReceiveCommand command : commands) {
        if (RefNames.isForMain(command.getRefName())) {
          rp.sendMessage(pullRequests.open(command.getNewId()));
          command.setResult(ReceiveCommand.Result.OK);
        }
      }
    }
    if (commands.stream().anyMatch(c -> c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED)) {
      for (ReceiveCommand command : commands) {
        if (command.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
          command.setResult(
              ReceiveCommand.Result.REJECTED_OTHER_REASON,
              "not applied: another update of this push was refused");
        }
      }
    }
  }

  @Override
  public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    CrashPoint.reached("push-ref-updated");
    List<RefEvent.Pending> events = new ArrayList<>();
    for (ReceiveCommand command : commands) {
      if (command.getResult() == ReceiveCommand.Result.OK
          && !RefNames.isMagicFor(command.getRefName())) {
        events.add(
            new RefEvent.Pending(
                repo,
                new RefName(command.getRefName()),
                RefWriter.commitId(command.getOldId()),
                RefWriter.commitId(command.getNewId()),
                new AccountName(actor)));
      }
    }
    // The notes first: the index, which applies the events at once, names the account that pushed
    // each commit from them (a benchmark's changes record), as a rebuild later does.
    for (ReceiveCommand command : commands) {
      if (command.getResult() != ReceiveCommand.Result.OK
          || RefNames.isMagicFor(command.getRefName())
          || command.getType() == ReceiveCommand.Type.DELETE) {
        continue;
      }
      try {
        pullRequests.noteCommits(
            command.getNewId(), List.of(command.getOldId(), mainBefore), command.getRefName());
      } catch (RuntimeException e) {
        LOG.error(
            "push to {} {} accepted, but its notes were not written",
            repo,
            command.getRefName(),
            e);
        rp.sendMessage(
            "warning: accepted, but the hub could not record who pushed " + command.getRefName());
      }
    }
    accepted.accept(events);
    for (ReceiveCommand command : commands) {
      if (command.getResult() != ReceiveCommand.Result.OK
          || RefNames.isMagicFor(command.getRefName())
          || command.getType() == ReceiveCommand.Type.DELETE) {
        continue;
      }
      try {
        RefNames.pullRequestNumber(command.getRefName())
            .ifPresent(n -> pullRequests.pushed(n, command.getOldId(), command.getNewId()));
      } catch (RuntimeException e) {
        // The ref has moved and cannot be moved back; failing here would only break git's answer.
        // Say it and log.
        LOG.error(
            "push to {} {} accepted, but its pull request event was not written",
            repo,
            command.getRefName(),
            e);
        rp.sendMessage(
            "warning: accepted, but the hub could not record the push to " + command.getRefName());
      }
    }
  }

  private static ObjectId mainOf(ReceivePack rp) {
    try {
      Ref main = rp.getRepository().exactRef(RefNames.MAIN);
      return main == null ? ObjectId.zeroId() : main.getObjectId();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Optional<String> refusal(ReceiveCommand command) {
    String ref = command.getRefName();
    if (RefNames.isMagicFor(ref)) {
      if (RefNames.isForMain(ref) && !permissions.mayOpenPullRequest()) {
        return Optional.of("you may not open pull requests on " + repo);
      }
      if (RefNames.isForMain(ref) && mainBefore.equals(ObjectId.zeroId())) {
        return Optional.of(repo + " has no commit on main yet: push to main first");
      }
      return RefNames.isForMain(ref) && command.getType() == ReceiveCommand.Type.CREATE
          ? Optional.empty()
          : Optional.of("pull requests target main: push to refs/for/main");
    }
    if (RefNames.isPullRequest(ref)) {
      return RefNames.pullRequestNumber(ref)
          .map(n -> pullRequests.refusal(n, command.getType()))
          .orElse(Optional.of(ref + " is not a pull request ref: they are refs/pr/N"));
    }
    if (!RefNames.isPushable(ref)) {
      return Optional.of("only branches and tags can be pushed; " + ref + " belongs to the hub");
    }
    if (!permissions.mayPushBranches()) {
      return Optional.of("only the writers of " + repo + " may push to it");
    }
    if (ref.equals(RefNames.MAIN) && command.getType() == ReceiveCommand.Type.DELETE) {
      return Optional.of("main cannot be deleted: its history is the audit trail");
    }
    if (ref.equals(RefNames.MAIN)
        && command.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD) {
      return Optional.of("main only moves forward: non-fast-forward pushes are refused");
    }
    return Optional.empty();
  }

  /**
   * The head commit of a pull request push gives record text (its subject, and for {@code
   * refs/for/main} its body): text that {@link dev.evalhub.domain.RecordText} refuses refuses the
   * push, with a {@code remote: error:} line.
   */
  private static void checkMessages(ReceivePack rp, Collection<ReceiveCommand> commands) {
    try (RevWalk walk = new RevWalk(rp.getRepository())) {
      for (ReceiveCommand command : commands) {
        boolean opening = RefNames.isForMain(command.getRefName());
        if (command.getType() == ReceiveCommand.Type.DELETE
            || !(opening || RefNames.isPullRequest(command.getRefName()))) {
          continue;
        }
        Optional<ObjectId> head = commitOf(walk, command.getNewId());
        if (head.isEmpty()) {
          continue;
        }
        Optional<String> problem =
            PushedMessage.of(walk.parseCommit(head.get()).getFullMessage()).problem(opening);
        if (problem.isPresent()) {
          rp.sendError(
              "commit "
                  + head.get().abbreviate(7).name()
                  + ": its message cannot become pull request text: "
                  + problem.get());
          command.setResult(
              ReceiveCommand.Result.REJECTED_OTHER_REASON,
              "invalid commit message: see the error above");
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Lands the accepted push's objects before any ref may point at them; refuses every command if
   * they cannot.
   */
  private void land(ReceivePack rp, Collection<ReceiveCommand> commands) {
    Optional<String> refusal;
    try {
      refusal = landing.land();
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot store the objects of a push to {}", repo, e);
      refusal = Optional.of("the hub could not store the pushed objects; try again");
    }
    if (refusal.isPresent()) {
      rp.sendError(refusal.get());
      for (ReceiveCommand command : commands) {
        command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, refusal.get());
      }
    }
  }

  private void validate(ReceivePack rp, Collection<ReceiveCommand> commands) {
    boolean failed = false;
    // Branches pushed together often share commits: say each problem once.
    Set<String> said = new HashSet<>();
    try (RevWalk walk = new RevWalk(rp.getRepository())) {
      ChangedFilesValidator validator = new ChangedFilesValidator(formats, walk.getObjectReader());
      for (ReceiveCommand command : commands) {
        if (command.getType() == ReceiveCommand.Type.DELETE) {
          continue;
        }
        Optional<ObjectId> newCommit = commitOf(walk, command.getNewId());
        if (newCommit.isEmpty()) {
          continue;
        }
        for (FileProblem problem : validator.validate(base(rp, walk, command), newCommit.get())) {
          failed |= problem.isError();
          if (!said.add(problem.describe())) {
            continue;
          }
          if (problem.isError()) {
            rp.sendError(problem.describe());
          } else {
            rp.sendMessage("warning: " + problem.describe());
          }
        }
      }
    } catch (IOException e) {
      rp.sendError("cannot validate the pushed files: " + e.getMessage());
      failed = true;
    }
    if (failed) {
      for (ReceiveCommand command : commands) {
        command.setResult(
            ReceiveCommand.Result.REJECTED_OTHER_REASON, "invalid files: see the errors above");
      }
    }
  }

  /**
   * What the new commit is compared with: the ref's old commit, or for a new ref, main (so that a
   * branch is judged by what it adds to main); with neither, every file counts.
   */
  private static ObjectId base(ReceivePack rp, RevWalk walk, ReceiveCommand command)
      throws IOException {
    if (command.getType() != ReceiveCommand.Type.CREATE) {
      return commitOf(walk, command.getOldId()).orElse(null);
    }
    Ref main = rp.getRepository().exactRef(RefNames.MAIN);
    return main == null ? null : commitOf(walk, main.getObjectId()).orElse(null);
  }

  private static Optional<ObjectId> commitOf(RevWalk walk, ObjectId id) throws IOException {
    RevObject object = walk.peel(walk.parseAny(id));
    return object.getType() == Constants.OBJ_COMMIT
        ? Optional.of(object.getId())
        : Optional.empty();
  }
}
