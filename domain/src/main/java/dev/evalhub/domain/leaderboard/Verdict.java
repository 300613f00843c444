package dev.evalhub.domain.leaderboard;

import java.util.Optional;

/**
 * Whether the hub verified a result's token, and, when it carried a token that did not verify, why
 * not (the reason is empty when verified or when there was no token). Immutable.
 */
public record Verdict(boolean verified, Optional<String> failure) {

  public Verdict {
    failure = verified ? Optional.empty() : failure;
  }
}
