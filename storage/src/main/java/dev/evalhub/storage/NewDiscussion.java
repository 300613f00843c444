package dev.evalhub.storage;

import java.util.Objects;

/** What opening a discussion or pull request needs: a title, a description (may be empty), and which of the two. */
public record NewDiscussion(String title, String description, boolean pullRequest) {

  /** The longest title, in characters. */
  public static final int MAX_TITLE = 200;

  public NewDiscussion {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    title = title.strip();
    if (title.isEmpty()) {
      throw HubException.invalid("a discussion needs a title");
    }
    if (title.length() > MAX_TITLE) {
      throw HubException.invalid("a title has at most " + MAX_TITLE + " characters, got " + title.length());
    }
  }
}
