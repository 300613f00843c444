package dev.evalhub.server.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoPaths;
import dev.evalhub.domain.RepoType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A Hub URL taken apart from its raw (still percent-encoded) path: the repository, the action
 * ({@code tree}, {@code commit}, {@code resolve}, ...) and the segments after it. Parsed by hand
 * rather than by route parameters because a revision arrives either encoded in one segment ({@code
 * refs%2Fpr%2F1}) or not ({@code refs/pr/1}, as the JS client's listFiles sends it), and only the
 * raw path tells the two apart. Immutable.
 */
record RequestPath(RepoId repo, String action, List<String> rawTail) {

  /** A revision and the file or folder path after it ({@code ""} for the root). Immutable. */
  record RevisionPath(String revision, String path) {}

  RequestPath {
    rawTail = List.copyOf(rawTail);
  }

  /** {@code /api/{models|datasets}/{ns}/{name}[/{action}[/{tail...}]]}. */
  static RequestPath ofApi(String rawPath) {
    List<String> segments = segments(rawPath);
    RepoType type =
        segments.size() < 4
            ? null
            : switch (segments.get(1)) {
              case "models" -> RepoType.MODEL;
              case "datasets" -> RepoType.DATASET;
              default -> null;
            };
    if (type == null || !segments.get(0).equals("api")) {
      throw new HubException(HubException.Kind.NOT_FOUND, "no such API path");
    }
    return of(type, segments.subList(2, segments.size()));
  }

  /** {@code /[datasets/]{ns}/{name}/{resolve|raw}/{revision}/{path...}}. */
  static RequestPath ofFile(String rawPath) {
    List<String> segments = segments(rawPath);
    boolean dataset = segments.size() > 0 && segments.get(0).equals("datasets");
    return of(
        dataset ? RepoType.DATASET : RepoType.MODEL,
        segments.subList(dataset ? 1 : 0, segments.size()));
  }

  /**
   * The revision and path of the tail: an encoded first segment is the whole revision; an unencoded
   * {@code refs/...} takes three segments ({@link RefName#revisionSegments}); anything else takes
   * one. A path that {@link RepoPaths#require} refuses is INVALID.
   */
  RevisionPath revisionPath() {
    if (rawTail.isEmpty() || rawTail.get(0).isEmpty()) {
      throw new HubException(HubException.Kind.REVISION_NOT_FOUND, "the URL names no revision");
    }
    List<String> decoded = rawTail.stream().map(RequestPath::decode).toList();
    int revisionSegments =
        decoded.get(0).contains("/") ? 1 : RefName.revisionSegments(String.join("/", decoded));
    int split = Math.min(revisionSegments, decoded.size());
    String path = String.join("/", decoded.subList(split, decoded.size()));
    return new RevisionPath(
        String.join("/", decoded.subList(0, split)),
        path.isEmpty() ? path : RepoPaths.require(path));
  }

  private static RequestPath of(RepoType type, List<String> rest) {
    if (rest.size() < 2) {
      throw new HubException(HubException.Kind.NOT_FOUND, "no such path");
    }
    String fullName = decode(rest.get(0)) + "/" + decode(rest.get(1));
    RepoId repo =
        RepoId.parsePath(type.urlPrefix() + fullName)
            .orElseThrow(() -> HubException.repoNotFound(type.urlPrefix() + fullName));
    String action = rest.size() > 2 ? rest.get(2) : "";
    return new RequestPath(
        repo, action, rest.size() > 3 ? rest.subList(3, rest.size()) : List.of());
  }

  private static List<String> segments(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    return Arrays.asList(path.split("/", -1));
  }

  private static String decode(String segment) {
    // URLDecoder decodes form data, where '+' is a space; in a path it is a plus sign.
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
