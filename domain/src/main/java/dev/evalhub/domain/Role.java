package dev.evalhub.domain;

import java.util.Locale;
import java.util.Optional;

/** What an access token may do: {@code read} repositories, or also {@code write} to them. */
public enum Role {
  READ,
  WRITE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromId(String id) {
    for (Role role : values()) {
      if (role.id().equalsIgnoreCase(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
