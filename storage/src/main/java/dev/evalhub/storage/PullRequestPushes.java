package dev.evalhub.storage;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.storage.internal.PushHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * The push hook's adapter to the pull-request side of one git push by one account: translates
 * JGit's {@link ReceiveCommand} terms to {@link PullRequestHeads} (who may push to {@code
 * refs/pr/N}, opening a pull request from {@code refs/for/main}, recording pushes as record events,
 * noting the pushing account on new commits). Only the git transport uses it; the commit API calls
 * {@link PullRequestHeads} straight. Not thread-safe; one per push.
 */
final class PullRequestPushes implements PushHook.PullRequestSide {

  private final PullRequestHeads heads;
  private final String baseUrl;

  PullRequestPushes(PullRequestHeads heads, String baseUrl) {
    this.heads = heads;
    this.baseUrl = baseUrl;
  }

  @Override
  public Optional<String> refusal(int number, ReceiveCommand.Type type) {
    return io(() -> heads.refusal(new PrNumber(number), type == ReceiveCommand.Type.DELETE));
  }

  @Override
  public String open(ObjectId head) {
    PullRequest pr = io(() -> heads.open(head));
    return "Pull request #"
        + pr.number()
        + ": "
        + baseUrl
        + "/"
        + heads.repo().urlPath()
        + "/discussions/"
        + pr.number();
  }

  @Override
  public void pushed(int number, ObjectId oldId, ObjectId newId) {
    io(
        () -> {
          heads.pushed(new PrNumber(number), oldId, newId);
          return null;
        });
  }

  @Override
  public void noteCommits(ObjectId newTip, List<ObjectId> known, String ref) {
    io(
        () -> {
          heads.noteCommits(newTip, known, ref);
          return null;
        });
  }

  /** An action on the repository whose I/O failure fails the push. */
  @FunctionalInterface
  private interface Io<T> {
    T run() throws IOException;
  }

  private static <T> T io(Io<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
