package dev.evalhub.storage;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoNames;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.NewToken;
import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.storage.internal.AccountFiles;
import dev.evalhub.storage.internal.AdminRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Users, organisations and access tokens, kept in the administrative repository. Every change is
 * one commit with a compare-and-set ref update, so that the CLI may change accounts while a server
 * runs; reads see other writers' changes at once. Tokens are stored only as SHA-256 hashes.
 * Thread-safe.
 */
public final class Accounts {

  /** The official Hugging Face clients refuse tokens that do not start with this. */
  public static final String TOKEN_PREFIX = "hf_";

  private static final String TOKEN_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int TOKEN_LENGTH = 34;
  private static final PersonIdent ADMIN = new PersonIdent("evalhub", "admin@evalhub.invalid");

  /** The accounts of one commit of the administrative branch. */
  private record Parsed(ObjectId commit, AccountFiles files) {}

  private final AdminRepository admin;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Parsed parsed = new Parsed(null, null);

  Accounts(AdminRepository admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  public void createUser(String name) {
    checkNamespace(name);
    admin.update(
        snapshot -> {
          refuseTaken(parse(snapshot), name);
          return new AdminRepository.Edit(
              AccountFiles.userFile(name, now()), "Create user " + name);
        },
        ADMIN);
  }

  public void createOrg(String name, List<String> members) {
    checkNamespace(name);
    admin.update(
        snapshot -> {
          AccountFiles files = parse(snapshot);
          refuseTaken(files, name);
          return new AdminRepository.Edit(
              AccountFiles.orgFile(name, canonicalUsers(files, members)),
              "Create organisation " + name);
        },
        ADMIN);
  }

  public void addMember(String org, String user) {
    admin.update(
        snapshot -> {
          AccountFiles files = parse(snapshot);
          AccountFiles.Org existing = requireOrg(files, org);
          Set<String> members = new LinkedHashSet<>(existing.members());
          members.addAll(canonicalUsers(files, List.of(user)));
          return new AdminRepository.Edit(
              AccountFiles.orgFile(existing.name(), members),
              "Add " + user + " to " + existing.name());
        },
        ADMIN);
  }

  /** Creates a token for {@code user}; its secret is in the result and nowhere else. */
  public NewToken createToken(String user, Role role, String label) {
    StringBuilder secret = new StringBuilder(TOKEN_PREFIX);
    for (int i = 0; i < TOKEN_LENGTH; i++) {
      secret.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    String hash = sha256(secret.toString());
    TokenInfo[] created = new TokenInfo[1];
    admin.update(
        snapshot -> {
          String owner = requireUser(parse(snapshot), user);
          created[0] =
              new TokenInfo(
                  hash.substring(0, AccountFiles.TOKEN_ID_LENGTH), owner, role, label, now());
          return new AdminRepository.Edit(
              AccountFiles.tokenFile(hash, created[0]),
              "Create " + role.id() + " token " + created[0].id() + " for " + owner);
        },
        ADMIN);
    return new NewToken(secret.toString(), created[0]);
  }

  /**
   * Revokes the tokens of {@code user} whose id or label is {@code idOrLabel} (the token itself,
   * {@code hf_...}, is accepted too); returns how many.
   */
  public int revokeToken(String user, String idOrLabel) {
    String idOrLabelOrSecretId =
        idOrLabel.startsWith(TOKEN_PREFIX)
            ? sha256(idOrLabel).substring(0, AccountFiles.TOKEN_ID_LENGTH)
            : idOrLabel;
    int[] count = new int[1];
    admin.update(
        snapshot -> {
          AccountFiles files = parse(snapshot);
          String owner = requireUser(files, user);
          Map<String, Optional<byte[]>> removals = new HashMap<>();
          files
              .tokens()
              .forEach(
                  (hash, info) -> {
                    if (info.user().equals(owner)
                        && (info.id().equals(idOrLabelOrSecretId)
                            || info.label().equals(idOrLabel))) {
                      removals.putAll(AccountFiles.tokenRemoval(hash));
                    }
                  });
          if (removals.isEmpty()) {
            throw HubException.notFound(
                "user " + owner + " has no token with id or label \"" + idOrLabel + "\"");
          }
          count[0] = removals.size();
          return new AdminRepository.Edit(removals, "Revoke token " + idOrLabel + " of " + owner);
        },
        ADMIN);
    return count[0];
  }

  public List<TokenInfo> tokens(String user) {
    AccountFiles files = files();
    String owner = requireUser(files, user);
    return files.tokens().values().stream().filter(t -> t.user().equals(owner)).toList();
  }

  /** The account acting with {@code secret}, or empty when no live token has that secret. */
  public Optional<Caller> authenticate(String secret) {
    return token(secret).map(info -> new Caller(info.user(), info.role()));
  }

  /**
   * The account acting with the live token whose SHA-256 is {@code digest} (what a page session
   * keeps, {@link #digest}), or empty when no live token has it.
   */
  public Optional<Caller> authenticateDigest(String digest) {
    return Optional.ofNullable(files().tokens().get(digest))
        .map(info -> new Caller(info.user(), info.role()));
  }

  /** The SHA-256 of the token {@code secret}, 64 lower-case hex digits: how tokens are stored. */
  public static String digest(String secret) {
    return sha256(secret);
  }

  /** What the hub keeps of the live token {@code secret}, or empty when there is none. */
  public Optional<TokenInfo> token(String secret) {
    if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(files().tokens().get(sha256(secret)));
  }

  /** The organisations {@code user} is a member of, by name. */
  public List<String> organisationsOf(String user) {
    return files().orgs().values().stream()
        .filter(org -> org.members().stream().anyMatch(user::equalsIgnoreCase))
        .map(AccountFiles.Org::name)
        .sorted()
        .toList();
  }

  /** The canonical spelling of a user or organisation, found regardless of case. */
  public Optional<String> namespace(String name) {
    return files().namespace(name);
  }

  /**
   * Whether {@code user} is {@code namespace} itself or a member of the organisation {@code
   * namespace} (case-insensitive): a fact of the account files. What it allows is decided by the
   * service layer's permissions, not here.
   */
  public boolean isMember(String user, String namespace) {
    if (user.equalsIgnoreCase(namespace)) {
      return true;
    }
    AccountFiles.Org org = files().orgs().get(AccountFiles.key(namespace));
    return org != null && org.members().stream().anyMatch(user::equalsIgnoreCase);
  }

  /** Whether {@code namespace} is an organisation (else a user, or nothing). */
  public boolean isOrganisation(String namespace) {
    return files().orgs().containsKey(AccountFiles.key(namespace));
  }

  public List<String> members(String org) {
    return requireOrg(files(), org).members();
  }

  /** The parsed accounts, re-parsed only when the branch moved: every git request authenticates. */
  private AccountFiles files() {
    AdminRepository.Snapshot snapshot = admin.read();
    Parsed current = parsed;
    if (!snapshot.commit().equals(current.commit())) {
      current = new Parsed(snapshot.commit(), parse(snapshot));
      parsed = current;
    }
    return current.files();
  }

  private static AccountFiles parse(AdminRepository.Snapshot snapshot) {
    return AccountFiles.parse(snapshot.files());
  }

  private static void checkNamespace(String name) {
    RepoNames.problemWithNamespace(name)
        .ifPresent(
            p -> {
              throw HubException.invalid(p);
            });
  }

  private static void refuseTaken(AccountFiles files, String name) {
    files
        .namespace(name)
        .ifPresent(
            existing -> {
              throw HubException.conflict(
                  "the name \"" + name + "\" is taken by \"" + existing + "\"");
            });
  }

  private static String requireUser(AccountFiles files, String user) {
    String name = files.users().get(AccountFiles.key(user));
    if (name == null) {
      throw HubException.notFound("no user \"" + user + "\"");
    }
    return name;
  }

  private static AccountFiles.Org requireOrg(AccountFiles files, String org) {
    AccountFiles.Org found = files.orgs().get(AccountFiles.key(org));
    if (found == null) {
      throw HubException.notFound("no organisation \"" + org + "\"");
    }
    return found;
  }

  private static List<String> canonicalUsers(AccountFiles files, List<String> users) {
    List<String> names = new ArrayList<>();
    for (String user : users) {
      names.add(requireUser(files, user));
    }
    return names;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String sha256(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
