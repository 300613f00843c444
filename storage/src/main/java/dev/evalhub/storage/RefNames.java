package dev.evalhub.storage;

/** Every ref name the hub reads or writes: the only place such names are spelled. Stateless. */
public final class RefNames {

  public static final String HEADS = "refs/heads/";
  public static final String TAGS = "refs/tags/";
  /** The default branch of every repository; it only moves forward. */
  public static final String MAIN = HEADS + "main";
  /** Pull request heads, {@code refs/pr/N}. */
  public static final String PULL_REQUESTS = "refs/pr/";
  /** Gerrit-style magic refs: a push to {@code refs/for/main} opens a pull request. */
  public static final String FOR = "refs/for/";
  /** The branch of the administrative repository that holds users, organisations and tokens. */
  public static final String ACCOUNTS = "refs/meta/accounts";

  private RefNames() {}

  public static boolean isPullRequest(String ref) {
    return ref.startsWith(PULL_REQUESTS);
  }

  /**
   * Whether a git push may write {@code ref} at all: branches and tags only. Every other namespace is the hub's
   * own (pull-request records and other metadata will live there) and moves only through the hub's APIs.
   */
  public static boolean isPushable(String ref) {
    return ref.startsWith(HEADS) || ref.startsWith(TAGS);
  }

  /** The number N of a pull request ref {@code refs/pr/N}, or empty for any other ref. */
  public static java.util.OptionalInt pullRequestNumber(String ref) {
    if (!isPullRequest(ref)) {
      return java.util.OptionalInt.empty();
    }
    String number = ref.substring(PULL_REQUESTS.length());
    return number.matches("[1-9][0-9]{0,8}")
        ? java.util.OptionalInt.of(Integer.parseInt(number)) : java.util.OptionalInt.empty();
  }

  /** {@code refs/pr/N}. */
  public static String pullRequest(int number) {
    return PULL_REQUESTS + number;
  }

  public static boolean isMagicFor(String ref) {
    return ref.startsWith(FOR);
  }

  /** The full ref of a branch name such as {@code main}; full refs are returned as they are. */
  public static String branch(String name) {
    return name.startsWith("refs/") ? name : HEADS + name;
  }
}
