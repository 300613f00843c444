package dev.evalhub.storage.internal;

import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.TokenInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * The accounts as the administrative repository stores them, one git-config file per entity: {@code
 * users/<lower-case name>.config}, {@code orgs/<lower-case name>.config} and {@code tokens/<sha256
 * of the token>.config}. Keys are lower-cased so that names stay unique regardless of case.
 * Immutable.
 */
public record AccountFiles(
    Map<String, String> users, Map<String, Org> orgs, Map<String, TokenInfo> tokens) {

  /** An organisation: its name as created and its members' names. Immutable. */
  public record Org(String name, List<String> members) {
    public Org {
      members = List.copyOf(members);
    }
  }

  /** How many hex digits of a token's hash make its public id. */
  public static final int TOKEN_ID_LENGTH = 12;

  private static final String USERS = "users/";
  private static final String ORGS = "orgs/";
  private static final String TOKENS = "tokens/";
  private static final String SUFFIX = ".config";

  public AccountFiles {
    users = Map.copyOf(users);
    orgs = Map.copyOf(orgs);
    tokens = Map.copyOf(tokens);
  }

  /** Parses every file of a snapshot; an unreadable file is a corrupt repository. */
  public static AccountFiles parse(Map<String, byte[]> files) {
    Map<String, String> users = new TreeMap<>();
    Map<String, Org> orgs = new TreeMap<>();
    Map<String, TokenInfo> tokens = new TreeMap<>();
    files.forEach(
        (path, bytes) -> {
          Config config = config(path, bytes);
          String key = path.substring(path.indexOf('/') + 1, path.length() - SUFFIX.length());
          if (path.startsWith(USERS)) {
            users.put(key, config.getString("user", null, "name"));
          } else if (path.startsWith(ORGS)) {
            orgs.put(
                key,
                new Org(
                    config.getString("org", null, "name"),
                    List.of(config.getStringList("org", null, "member"))));
          } else if (path.startsWith(TOKENS)) {
            tokens.put(
                key,
                new TokenInfo(
                    key.substring(0, TOKEN_ID_LENGTH),
                    config.getString("token", null, "user"),
                    Role.fromId(config.getString("token", null, "role")).orElse(Role.READ),
                    config.getString("token", null, "label"),
                    Instant.parse(config.getString("token", null, "created"))));
          }
        });
    return new AccountFiles(users, orgs, tokens);
  }

  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The canonical spelling of a user or organisation name, whatever the case of {@code name}. */
  public Optional<String> namespace(String name) {
    String key = key(name);
    if (users.containsKey(key)) {
      return Optional.of(users.get(key));
    }
    return Optional.ofNullable(orgs.get(key)).map(Org::name);
  }

  public static Map<String, Optional<byte[]>> userFile(String name, Instant created) {
    Config config = new Config();
    config.setString("user", null, "name", name);
    config.setString("user", null, "created", created.toString());
    return Map.of(USERS + key(name) + SUFFIX, Optional.of(bytes(config)));
  }

  public static Map<String, Optional<byte[]>> orgFile(String name, Collection<String> members) {
    Config config = new Config();
    config.setString("org", null, "name", name);
    config.setStringList("org", null, "member", new ArrayList<>(members));
    return Map.of(ORGS + key(name) + SUFFIX, Optional.of(bytes(config)));
  }

  public static Map<String, Optional<byte[]>> tokenFile(String sha256, TokenInfo info) {
    Config config = new Config();
    config.setString("token", null, "user", info.user());
    config.setString("token", null, "role", info.role().id());
    config.setString("token", null, "label", info.label());
    config.setString("token", null, "created", info.created().toString());
    return Map.of(TOKENS + sha256 + SUFFIX, Optional.of(bytes(config)));
  }

  public static Map<String, Optional<byte[]>> tokenRemoval(String sha256) {
    return Map.of(TOKENS + sha256 + SUFFIX, Optional.empty());
  }

  private static byte[] bytes(Config config) {
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  private static Config config(String path, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
    } catch (ConfigInvalidException e) {
      throw new IllegalStateException("corrupt account file " + path + ": " + e.getMessage(), e);
    }
    return config;
  }
}
