package dev.evalhub.storage;

/**
 * What one account may do in one push, decided above storage (by the service layer's permission
 * boundary) and handed to {@link PushRules#newReceivePack}: the push hook asks it for each command
 * and decides nothing about accounts itself, so that the push path runs one way, hook to storage to
 * event to index, with no call back up. Implementations must be thread-safe and cheap (they are
 * asked once per pushed ref).
 */
public interface PushPermissions {

  /**
   * Whether the account may create, move or delete branches and tags ({@code refs/heads/*}, {@code
   * refs/tags/*}).
   */
  boolean mayPushBranches();

  /**
   * Whether the account may push to {@code refs/pr/N} of an open pull request opened by {@code
   * author}.
   */
  boolean mayPushPullRequest(String author);

  /** Whether the account may open a pull request by pushing to {@code refs/for/main}. */
  boolean mayOpenPullRequest();

  /**
   * The rules of a push by a writer ({@code writer}: branches, tags, every pull request) or not
   * (its own pull requests, and opening new ones), for the storage's own server-side paths (the
   * commit API's pull requests) that have already decided whether the account is a writer.
   */
  static PushPermissions of(boolean writer, String actor) {
    return new PushPermissions() {
      @Override
      public boolean mayPushBranches() {
        return writer;
      }

      @Override
      public boolean mayPushPullRequest(String author) {
        return writer || author.equals(actor);
      }

      @Override
      public boolean mayOpenPullRequest() {
        return true;
      }
    };
  }
}
