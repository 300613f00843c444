package dev.evalhub.domain;

/**
 * A request the hub refuses for a reason its caller can act on (a bad name, a missing account, a
 * clash). Front ends map {@link Kind} to their own vocabulary (an HTTP status, an exit code) in one
 * place.
 */
public final class HubException extends RuntimeException {

  /** What kind of refusal this is. */
  public enum Kind {
    INVALID,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    /**
     * The repository does not exist, or the caller may not see it: the two are never told apart.
     */
    REPO_NOT_FOUND,
    /** The repository exists but has no such branch, tag, pull request or commit. */
    REVISION_NOT_FOUND,
    /** The revision exists but has no such file or folder. */
    ENTRY_NOT_FOUND,
    CONFLICT,
    /**
     * The caller's expectation of the current state (a parent commit) no longer holds; nothing
     * changed.
     */
    PRECONDITION_FAILED,
    /** The request is larger than the hub accepts. */
    TOO_LARGE,
    /** A byte range outside the file. */
    RANGE_NOT_SATISFIABLE,
    /** A ref stays locked by another writer: nothing changed; try again later (not a lost race). */
    LOCKED
  }

  private final Kind kind;

  public HubException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static HubException invalid(String message) {
    return new HubException(Kind.INVALID, message);
  }

  public static HubException notFound(String message) {
    return new HubException(Kind.NOT_FOUND, message);
  }

  public static HubException conflict(String message) {
    return new HubException(Kind.CONFLICT, message);
  }

  /**
   * The one refusal of a repository that does not exist or that the caller may not see: the same
   * kind and message for both, so that no answer tells them apart.
   */
  public static HubException repoNotFound(RepoId id) {
    return repoNotFound(id.urlPath());
  }

  /** {@link #repoNotFound(RepoId)} for a path that does not even parse as a repository id. */
  public static HubException repoNotFound(String urlPath) {
    return new HubException(Kind.REPO_NOT_FOUND, "repository " + urlPath + " not found");
  }

  public static HubException locked(String message) {
    return new HubException(Kind.LOCKED, message);
  }

  public static HubException forbidden(String message) {
    return new HubException(Kind.FORBIDDEN, message);
  }
}
