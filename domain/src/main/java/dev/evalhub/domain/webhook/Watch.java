package dev.evalhub.domain.webhook;

import dev.evalhub.domain.RepoId;
import java.util.Locale;
import java.util.Objects;

/**
 * What a webhook watches, as the Hugging Face Hub spells it: {@code {type: "model"|"dataset", name:
 * "NS/NAME"}} for one repository, {@code {type: "user"|"org", name: "NS"}} for every repository of
 * a namespace. Immutable.
 */
public record Watch(String type, String name) {

  public Watch {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (!type.equals("model")
        && !type.equals("dataset")
        && !type.equals("user")
        && !type.equals("org")) {
      throw new IllegalArgumentException(
          "a watched type is model, dataset, user or org, got \"" + type + "\"");
    }
  }

  /** Whether this watches a namespace (a user or an organisation) rather than one repository. */
  public boolean isNamespace() {
    return type.equals("user") || type.equals("org");
  }

  /** Whether an event of {@code repo} falls under this watch (names compare in any case). */
  public boolean covers(RepoId repo) {
    if (isNamespace()) {
      return repo.namespace().equalsIgnoreCase(name);
    }
    return repo.type().name().toLowerCase(Locale.ROOT).equals(type)
        && repo.fullName().equalsIgnoreCase(name);
  }
}
