package dev.evalhub.storage;

/**
 * A request the hub refuses for a reason its caller can act on (a bad name, a missing account, a clash). Front ends
 * map {@link Kind} to their own vocabulary (an HTTP status, an exit code) in one place.
 */
public final class HubException extends RuntimeException {

  /** What kind of refusal this is. */
  public enum Kind {
    INVALID,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT
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

  public static HubException forbidden(String message) {
    return new HubException(Kind.FORBIDDEN, message);
  }
}
