package dev.evalhub.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,96}");

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
    if (!ALLOWED.matcher(value).matches()) {
      return Optional.of(
          what + " \"" + value + "\" must be 1 to 96 letters, digits, '-', '_' or '.'");
    }
    if (value.startsWith(".") || value.startsWith("-")) {
      return Optional.of(what + " \"" + value + "\" must not start with '.' or '-'");
    }
    if (value.contains("..")) {
      return Optional.of(what + " \"" + value + "\" must not contain \"..\"");
    }
    if (value.toLowerCase(Locale.ROOT).endsWith(".git")) {
      return Optional.of(what + " \"" + value + "\" must not end with \".git\"");
    }
    return Optional.empty();
  }
}
