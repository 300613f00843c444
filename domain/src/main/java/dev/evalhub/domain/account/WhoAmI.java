package dev.evalhub.domain.account;

import java.util.List;
import java.util.Objects;

/**
 * Who a token's holder is: the token (never its secret) and the organisations its user is a member
 * of. Immutable.
 */
public record WhoAmI(TokenInfo token, List<String> organisations) {

  public WhoAmI {
    Objects.requireNonNull(token, "token");
    organisations = List.copyOf(organisations);
  }
}
