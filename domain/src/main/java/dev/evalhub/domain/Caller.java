package dev.evalhub.domain;

import java.util.Objects;

/** An authenticated account acting through one of its tokens. Immutable. */
public record Caller(String user, Role role) {

  public Caller {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
  }

  public boolean canWrite() {
    return role == Role.WRITE;
  }
}
