package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoNames;
import dev.evalhub.domain.RepoType;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link RepoNames} and {@link RepoId#parsePath} without a regex accept and refuse exactly what the
 * regex {@code [A-Za-z0-9._-]{1,96}} did, with the same messages: checked against a copy of the
 * regex rules over generated strings (ASCII, unicode letters whose case mapping changes length,
 * surrogate pairs, separators, lengths around 0 and 96).
 */
class RepoNamesPropertyTest {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,96}");

  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    "9",
    ".",
    "_",
    "-",
    "..",
    ".git",
    ".GIT",
    ".Git",
    "git",
    "/",
    " ",
    "%",
    "+",
    "é",
    "İ",
    "ß",
    "K",
    "ǅ",
    "\u0000",
    "\t",
    "😀",
    "\uD800",
    "a1",
    "API",
    "datasets",
    "Api"
  };

  @Test
  void namesAndNamespacesAreJudgedAsByTheRegex() {
    Random random = new Random(20261201L);
    for (int i = 0; i < 200_000; i++) {
      String value = generated(random);
      assertThat(RepoNames.problemWithRepoName(value))
          .as("name %s", value)
          .isEqualTo(reference("repository name", value));
      assertThat(RepoNames.problemWithNamespace(value))
          .as("namespace %s", value)
          .isEqualTo(referenceNamespace(value));
    }
  }

  @Test
  void edgeLengthsAndReservedNamesAreJudgedAsByTheRegex() {
    for (String value :
        new String[] {
          "",
          "a".repeat(95),
          "a".repeat(96),
          "a".repeat(97),
          "a".repeat(92) + ".git",
          "a".repeat(93) + ".git",
          "ADMIN",
          "Datasets",
          "x.gIt",
          ".",
          "-",
          "_",
          "a.",
          "a-"
        }) {
      assertThat(RepoNames.problemWithRepoName(value))
          .isEqualTo(reference("repository name", value));
      assertThat(RepoNames.problemWithNamespace(value)).isEqualTo(referenceNamespace(value));
    }
  }

  @Test
  void pathsParseAsWithTheRegex() {
    Random random = new Random(42L);
    String[] prefixes = {"", "/", "datasets/", "/datasets/", "models/", "spaces/"};
    String[] suffixes = {"", "/", ".git", ".git/", "//"};
    for (int i = 0; i < 100_000; i++) {
      String path =
          prefixes[random.nextInt(prefixes.length)]
              + generated(random)
              + (random.nextInt(4) == 0 ? "" : "/" + generated(random))
              + suffixes[random.nextInt(suffixes.length)];
      assertThat(RepoId.parsePath(path)).as("path %s", path).isEqualTo(referencePath(path));
    }
  }

  private static String generated(Random random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      // Around the length limit.
      return "ab".repeat(49).substring(0, 94 + random.nextInt(4))
          + (random.nextBoolean() ? "" : PIECES[random.nextInt(PIECES.length)]);
    }
    if (kind == 1) {
      // Any UTF-16 unit, surrogate halves included.
      StringBuilder any = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        any.append((char) random.nextInt(Character.MAX_VALUE + 1));
      }
      return any.toString();
    }
    StringBuilder built = new StringBuilder();
    for (int n = random.nextInt(7); n > 0; n--) {
      built.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return built.toString();
  }

  /** RepoNames as it was, with the regex. */
  private static Optional<String> reference(String what, String value) {
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

  private static Optional<String> referenceNamespace(String value) {
    Optional<String> problem = reference("namespace", value);
    if (problem.isEmpty()
        && RepoNames.RESERVED_NAMESPACES.contains(value.toLowerCase(Locale.ROOT))) {
      return Optional.of("namespace \"" + value + "\" is reserved");
    }
    return problem;
  }

  /** RepoId.parsePath as it was. */
  private static Optional<RepoId> referencePath(String path) {
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
    String[] parts = rest.split("/", -1);
    if (parts.length != 2
        || referenceNamespace(parts[0]).isPresent()
        || reference("repository name", parts[1]).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new RepoId(type, parts[0], parts[1]));
  }
}
