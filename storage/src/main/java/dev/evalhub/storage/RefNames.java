package dev.evalhub.storage;

import java.util.List;

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

  public static boolean isMagicFor(String ref) {
    return ref.startsWith(FOR);
  }

  /**
   * The refs a revision such as the Hub's clients send may name, in the order to try: {@code HEAD} is
   * {@code main}; a full ref ({@code refs/pr/3}) is itself; a short name is a branch, then a tag.
   */
  public static List<String> candidates(String revision) {
    if (revision.equals("HEAD")) {
      return List.of(MAIN);
    }
    if (revision.startsWith("refs/")) {
      return List.of(revision);
    }
    return List.of(HEADS + revision, TAGS + revision);
  }

  /**
   * How many leading {@code /}-separated segments of an unencoded {@code REVISION/PATH} string the revision takes:
   * three for a full ref ({@code refs/pr/1/dir/file}), else one (a branch, tag or commit id).
   */
  public static int revisionSegments(String revisionAndPath) {
    return revisionAndPath.startsWith("refs/") ? 3 : 1;
  }

  /** The full ref of a branch name such as {@code main}; full refs are returned as they are. */
  public static String branch(String name) {
    return name.startsWith("refs/") ? name : HEADS + name;
  }
}
