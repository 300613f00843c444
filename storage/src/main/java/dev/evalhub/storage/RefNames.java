package dev.evalhub.storage;

import java.util.List;
import java.util.Optional;

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

  /**
   * The branch of the administrative repository that records the hub's verification keys (public
   * halves).
   */
  public static final String KEYS = "refs/meta/keys";

  /**
   * Pull request and discussion records, {@code refs/meta/pr/N}: one commit per change of the
   * record.
   */
  public static final String PULL_REQUEST_RECORDS = "refs/meta/pr/";

  /**
   * Evaluation job records in the administrative repository, {@code refs/meta/jobs/<id>}: one
   * commit per change of the job.
   */
  public static final String JOB_RECORDS = "refs/meta/jobs/";

  /**
   * Webhook records in the administrative repository, {@code refs/meta/webhooks/<id>}: one commit
   * per change of the webhook's settings.
   */
  public static final String WEBHOOK_RECORDS = "refs/meta/webhooks/";

  /**
   * Mirror records in the administrative repository, {@code refs/meta/mirrors/<id>}: one commit per
   * change of the mirror's settings.
   */
  public static final String MIRROR_RECORDS = "refs/meta/mirrors/";

  /** Git notes naming the account that pushed or made each commit: the audit trail's authors. */
  public static final String PUSH_NOTES = "refs/notes/evalhub/pushes";

  private RefNames() {}

  public static boolean isPullRequest(String ref) {
    return ref.startsWith(PULL_REQUESTS);
  }

  /**
   * Whether a git push may write {@code ref} at all: branches and tags only. Every other namespace
   * is the hub's own (pull-request records and other metadata will live there) and moves only
   * through the hub's APIs.
   */
  public static boolean isPushable(String ref) {
    return ref.startsWith(HEADS) || ref.startsWith(TAGS);
  }

  public static boolean isMagicFor(String ref) {
    return ref.startsWith(FOR);
  }

  /**
   * The refs a revision such as the Hub's clients send may name, in the order to try: {@code HEAD}
   * is {@code main}; a full ref ({@code refs/pr/3}) is itself; a short name is a branch, then a
   * tag.
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

  /** {@code refs/for/main}: the one magic ref that opens a pull request (every PR targets main). */
  public static boolean isForMain(String ref) {
    return ref.equals(FOR + "main");
  }

  /** {@code refs/pr/N}: the head of pull request {@code number}. */
  public static String pullRequest(int number) {
    return PULL_REQUESTS + number;
  }

  /** {@code refs/meta/pr/N}: the record of discussion or pull request {@code number}. */
  public static String pullRequestRecord(int number) {
    return PULL_REQUEST_RECORDS + number;
  }

  /** {@code refs/meta/jobs/<id>}: the record of the evaluation job {@code id}. */
  public static String jobRecord(String id) {
    return JOB_RECORDS + id;
  }

  /** {@code refs/meta/webhooks/<id>}: the record of the webhook {@code id}. */
  public static String webhookRecord(String id) {
    return WEBHOOK_RECORDS + id;
  }

  /** {@code refs/meta/mirrors/<id>}: the record of the mirror {@code id}. */
  public static String mirrorRecord(String id) {
    return MIRROR_RECORDS + id;
  }

  /** The number N of {@code refs/pr/N}, or empty for any other ref. */
  public static Optional<Integer> pullRequestNumber(String ref) {
    return numberAfter(PULL_REQUESTS, ref);
  }

  /** The number N of {@code refs/meta/pr/N}, or empty for any other ref. */
  public static Optional<Integer> pullRequestRecordNumber(String ref) {
    return numberAfter(PULL_REQUEST_RECORDS, ref);
  }

  private static Optional<Integer> numberAfter(String prefix, String ref) {
    if (!ref.startsWith(prefix)) {
      return Optional.empty();
    }
    String digits = ref.substring(prefix.length());
    if (digits.isEmpty()
        || digits.length() > 9
        || !digits.chars().allMatch(Character::isDigit)
        || digits.startsWith("0")) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(digits));
  }

  /** The full ref of a branch name such as {@code main}; full refs are returned as they are. */
  public static String branch(String name) {
    return name.startsWith("refs/") ? name : HEADS + name;
  }
}
