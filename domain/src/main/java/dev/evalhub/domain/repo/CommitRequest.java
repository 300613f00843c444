package dev.evalhub.domain.repo;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server-side commit to make: on which branch, on top of which commit (empty: whatever the branch holds when the
 * commit is made; {@link RefEvent#ZERO_ID}: the branch must not exist yet), which files change, why, and who does
 * it. The message must follow {@link RecordText} (a guard behind the channels, which check their fields first).
 * Immutable.
 */
public record CommitRequest(String branch, Optional<String> expectedParent, List<FileChange> changes,
    String message, String author) {

  public CommitRequest {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(expectedParent, "expectedParent");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(author, "author");
    changes = List.copyOf(changes);
    RecordText.requireCommitMessage(message);
    if (changes.isEmpty()) {
      throw HubException.invalid("a commit needs at least one file change");
    }
  }
}
