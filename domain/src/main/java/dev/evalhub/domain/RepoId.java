package dev.evalhub.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A repository's identity: its type, namespace and name, as written by its owner (lookups ignore
 * case). Immutable.
 */
public record RepoId(RepoType type, String namespace, String name) {

  public RepoId {
    Objects.requireNonNull(type, "type");
    RepoNames.problemWithNamespace(namespace)
        .ifPresent(
            p -> {
              throw HubException.invalid(p);
            });
    RepoNames.problemWithRepoName(name)
        .ifPresent(
            p -> {
              throw HubException.invalid(p);
            });
  }

  /**
   * Parses a URL path such as {@code alice/gpt}, {@code alice/gpt.git} or {@code
   * datasets/alice/mmlu}: empty when it does not name a repository.
   */
  public static Optional<RepoId> parsePath(String path) {
    String rest = path.startsWith("/") ? path.substring(1) : path;
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.endsWith(".git")) {
      rest = rest.substring(0, rest.length() - ".git".length());
    }
    RepoType type = RepoType.MODEL;
    if (rest.startsWith(RepoType.DATASET.urlPrefix())) {
      type = RepoType.DATASET;
      rest = rest.substring(RepoType.DATASET.urlPrefix().length());
    }
    // Exactly two parts around one slash (the API checks a name per request: no split).
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    String namespace = rest.substring(0, slash);
    String name = rest.substring(slash + 1);
    if (RepoNames.problemWithNamespace(namespace).isPresent()
        || RepoNames.problemWithRepoName(name).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new RepoId(type, namespace, name));
  }

  /** {@code ns/name}: the Hugging Face repo id, without the type. */
  public String fullName() {
    return namespace + "/" + name;
  }

  /** {@code ns/name} for models, {@code datasets/ns/name} for datasets: the web and git path. */
  public String urlPath() {
    return type.urlPrefix() + fullName();
  }

  @Override
  public String toString() {
    return urlPath();
  }
}
