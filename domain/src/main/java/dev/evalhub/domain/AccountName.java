package dev.evalhub.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * The name of a user or organisation as spelt at creation, or the hub itself ({@link #HUB}, the
 * actor of administrative changes made from the command line). Names compare as spelt; {@link
 * #key()} is the case-insensitive key under which accounts are unique. Immutable.
 */
public record AccountName(String name) {

  /** The actor of administrative changes made from the command line. */
  public static final AccountName HUB = new AccountName("evalhub");

  public AccountName {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()
        || name.length() > 96
        || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '/')) {
      throw HubException.invalid("\"" + name + "\" is not an account name");
    }
  }

  /** The lower-case key under which the account is unique, whatever its spelling. */
  public String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return name;
  }
}
