package dev.evalhub.domain.account;

import dev.evalhub.domain.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * What the hub keeps of an access token: never the token itself, only its id (the first hex digits
 * of its SHA-256), its owner, role, label and creation time. Immutable.
 */
public record TokenInfo(String id, String user, Role role, String label, Instant created) {

  public TokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(created, "created");
  }
}
