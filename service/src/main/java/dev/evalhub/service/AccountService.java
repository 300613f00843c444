package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.NewToken;
import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.account.WebSessionStore;
import dev.evalhub.domain.account.WhoAmI;
import dev.evalhub.storage.Accounts;
import java.util.List;
import java.util.Optional;

/**
 * Accounts and their tokens: who the holder of a token is (every request of every channel asks),
 * and the administrator's changes (users, organisations, members, tokens), which only the command
 * line makes: their methods are named {@code ...AsAdministrator} and check nothing. Tokens are
 * shown once, at creation, and kept only as hashes. Thread-safe.
 */
public final class AccountService {

  private final EvalHub hub;

  AccountService(EvalHub hub) {
    this.hub = hub;
  }

  /**
   * The account acting with the token {@code secret}, or empty when no live token has that secret.
   */
  public Optional<Caller> authenticate(String secret) {
    return accounts().authenticate(secret);
  }

  /** Who holds the live token {@code secret}: UNAUTHENTICATED when it names no live token. */
  public WhoAmI whoAmI(String secret) {
    TokenInfo token =
        accounts()
            .token(secret)
            .orElseThrow(
                () ->
                    new HubException(
                        HubException.Kind.UNAUTHENTICATED, "invalid or missing token"));
    return new WhoAmI(token, accounts().organisationsOf(token.user()));
  }

  /**
   * Creates the user {@code name} (also its namespace); INVALID when the name is taken or not
   * valid.
   */
  public void createUserAsAdministrator(String name) {
    accounts().createUser(name);
  }

  /** Creates the organisation {@code name} with {@code members} (existing users). */
  public void createOrgAsAdministrator(String name, List<String> members) {
    accounts().createOrg(name, members);
  }

  /** Adds the user {@code user} to the organisation {@code org}. */
  public void addMemberAsAdministrator(String org, String user) {
    accounts().addMember(org, user);
  }

  /** Whether a user or organisation is called {@code name}, in any case. */
  public boolean namespaceExists(String name) {
    return accounts().namespace(name).isPresent();
  }

  /** Creates a token for {@code user}; its secret is in the result and nowhere else. */
  public NewToken createTokenAsAdministrator(String user, Role role, String label) {
    return accounts().createToken(user, role, label);
  }

  /** {@code user}'s live tokens (ids and labels, never the secrets). */
  public List<TokenInfo> tokensAsAdministrator(String user) {
    return accounts().tokens(user);
  }

  /**
   * Revokes {@code user}'s tokens named {@code token} (an id, a label or the secret); returns how
   * many.
   */
  public int revokeTokenAsAdministrator(String user, String token) {
    return accounts().revokeToken(user, token);
  }

  /**
   * The account a page session signed in as: empty for an anonymous session and for one whose token
   * was revoked since.
   */
  public Optional<Caller> authenticateSession(WebSession session) {
    return session.tokenDigest().flatMap(accounts()::authenticateDigest);
  }

  /** What a page session keeps of the token {@code secret}: its SHA-256, as tokens are stored. */
  public String sessionDigest(String secret) {
    return Accounts.digest(secret);
  }

  /**
   * The page sessions every instance of the hub shares (the index database's, when it is
   * PostgreSQL); empty for one process, which keeps them in memory.
   */
  public Optional<WebSessionStore> sharedSessions() {
    return hub.index().sharedSessions();
  }

  private Accounts accounts() {
    return hub.storage().accounts();
  }
}
