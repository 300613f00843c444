package dev.evalhub.domain.repo;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server-side commit to make: on which ref (a branch, {@code refs/heads/NAME}, or a pull request
 * head), on top of which commit (empty: whatever the ref holds when the commit is made; {@link
 * CommitId#ZERO}: the ref must not exist yet), which files change, why, and which account does it
 * (the commit's author). The message must follow {@link RecordText} (a guard behind the channels,
 * which check their fields first). Immutable.
 */
public record CommitRequest(
    RefName ref,
    Optional<CommitId> expectedParent,
    List<FileChange> changes,
    String message,
    AccountName actor) {

  public CommitRequest {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(expectedParent, "expectedParent");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(actor, "actor");
    changes = List.copyOf(changes);
    RecordText.requireCommitMessage(message);
    if (changes.isEmpty()) {
      throw HubException.invalid("a commit needs at least one file change");
    }
  }

  /**
   * A commit on branch {@code branch} ({@code main}) on top of whatever it holds, by {@code actor}.
   */
  public static CommitRequest onBranch(
      String branch, List<FileChange> changes, String message, AccountName actor) {
    return new CommitRequest(RefName.branch(branch), Optional.empty(), changes, message, actor);
  }
}
