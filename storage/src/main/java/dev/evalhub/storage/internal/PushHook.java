package dev.evalhub.storage.internal;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.FileProblem;
import dev.evalhub.storage.RefEvent;
import dev.evalhub.storage.RefNames;
import dev.evalhub.storage.RepoId;
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

/**
 * The hub's rules for one push, run by JGit before and after the refs move: pull-request refs are refused for
 * now, only branches and tags are pushed, only writers update refs, {@code main} only moves forward, and every changed evalhub file must validate.
 * Any refusal refuses the whole push, so that no ref moves. Accepted updates are handed to the event log. One per
 * push; not thread-safe.
 */
public final class PushHook implements PreReceiveHook, PostReceiveHook {

  private final RepoId repo;
  private final String actor;
  private final boolean writer;
  private final EvalFormats formats;
  private final Consumer<List<RefEvent.Pending>> accepted;

  public PushHook(RepoId repo, String actor, boolean writer, EvalFormats formats,
      Consumer<List<RefEvent.Pending>> accepted) {
    this.repo = repo;
    this.actor = actor;
    this.writer = writer;
    this.formats = formats;
    this.accepted = accepted;
  }

  @Override
  public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    for (ReceiveCommand command : commands) {
      refusal(command).ifPresent(reason -> command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason));
    }
    if (commands.stream().allMatch(c -> c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED)) {
      validate(rp, commands);
    }
    if (commands.stream().anyMatch(c -> c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED)) {
      for (ReceiveCommand command : commands) {
        if (command.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
          command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
              "not applied: another update of this push was refused");
        }
      }
    }
  }

  @Override
  public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    List<RefEvent.Pending> events = new ArrayList<>();
    for (ReceiveCommand command : commands) {
      if (command.getResult() == ReceiveCommand.Result.OK) {
        events.add(new RefEvent.Pending(repo, command.getRefName(), command.getOldId().name(),
            command.getNewId().name(), actor));
      }
    }
    accepted.accept(events);
  }

  private Optional<String> refusal(ReceiveCommand command) {
    String ref = command.getRefName();
    if (RefNames.isPullRequest(ref) || RefNames.isMagicFor(ref)) {
      return Optional.of("pull requests arrive in a later version of evalhub");
    }
    if (!RefNames.isPushable(ref)) {
      return Optional.of("only branches and tags can be pushed; " + ref + " belongs to the hub");
    }
    if (!writer) {
      return Optional.of("only the writers of " + repo + " may push to it");
    }
    if (ref.equals(RefNames.MAIN) && command.getType() == ReceiveCommand.Type.DELETE) {
      return Optional.of("main cannot be deleted: its history is the audit trail");
    }
    if (ref.equals(RefNames.MAIN) && command.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD) {
      return Optional.of("main only moves forward: non-fast-forward pushes are refused");
    }
    return Optional.empty();
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
        command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "invalid files: see the errors above");
      }
    }
  }

  /**
   * What the new commit is compared with: the ref's old commit, or for a new ref, main (so that a branch is judged
   * by what it adds to main); with neither, every file counts.
   */
  private static ObjectId base(ReceivePack rp, RevWalk walk, ReceiveCommand command) throws IOException {
    if (command.getType() != ReceiveCommand.Type.CREATE) {
      return commitOf(walk, command.getOldId()).orElse(null);
    }
    Ref main = rp.getRepository().exactRef(RefNames.MAIN);
    return main == null ? null : commitOf(walk, main.getObjectId()).orElse(null);
  }

  private static Optional<ObjectId> commitOf(RevWalk walk, ObjectId id) throws IOException {
    RevObject object = walk.peel(walk.parseAny(id));
    return object.getType() == Constants.OBJ_COMMIT ? Optional.of(object.getId()) : Optional.empty();
  }
}
