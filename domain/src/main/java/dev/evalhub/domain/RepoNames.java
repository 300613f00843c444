package dev.evalhub.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The naming rules of namespaces (users, organisations) and repositories, as on the Hugging Face
 * Hub. Stateless.
 */
public final class RepoNames {

  /** Top-level URL segments a namespace may not take, since routes or pages live there. */
  public static final Set<String> RESERVED_NAMESPACES =
      Set.of(
          "api",
          "datasets",
          "spaces",
          "models",
          "static",
          "login",
          "logout",
          "join",
          "settings",
          "health",
          "metrics",
          "docs",
          "new",
          "organizations",
          "admin",
          "assets",
          "search",
          "jobs",
          "collections",
          "papers",
          "blog",
          "leaderboards",
          "benchmarks",
          "evalhub",
          "git",
          "info",
          "user",
          "users",
          "org",
          "orgs",
          "token",
          "tokens");

  /** The longest name or namespace, in characters. */
  private static final int MAX_LENGTH = 96;

  private RepoNames() {}

  /** Why {@code name} cannot name a repository, or empty when it can. */
  public static Optional<String> problemWithRepoName(String name) {
    return problemWith("repository name", name);
  }

  /** Why {@code namespace} cannot name a user or an organisation, or empty when it can. */
  public static Optional<String> problemWithNamespace(String namespace) {
    Optional<String> problem = problemWith("namespace", namespace);
    if (problem.isEmpty() && RESERVED_NAMESPACES.contains(namespace.toLowerCase(Locale.ROOT))) {
      return Optional.of("namespace \"" + namespace + "\" is reserved");
    }
    return problem;
  }

  private static Optional<String> problemWith(String what, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of(what + " is empty");
    }
    if (!allowedCharacters(value)) {
      return Optional.of(
          what + " \"" + value + "\" must be 1 to 96 letters, digits, '-', '_' or '.'");
    }
    if (value.startsWith(".") || value.startsWith("-")) {
      return Optional.of(what + " \"" + value + "\" must not start with '.' or '-'");
    }
    if (value.contains("..")) {
      return Optional.of(what + " \"" + value + "\" must not contain \"..\"");
    }
    if (value.regionMatches(true, value.length() - ".git".length(), ".git", 0, ".git".length())) {
      return Optional.of(what + " \"" + value + "\" must not end with \".git\"");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code value} is 1 to 96 of {@code [A-Za-z0-9._-]}: the regular expression {@code
   * [A-Za-z0-9._-]{1,96}} as a loop, since every API request checks two names (a regex matcher per
   * check showed in the serving profile).
   */
  private static boolean allowedCharacters(String value) {
    int length = value.length();
    if (length < 1 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
