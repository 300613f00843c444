package dev.evalhub.domain.pr;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import java.util.Objects;

/**
 * What opening a discussion or pull request needs: a title, a description (may be empty), and which
 * of the two. The title and the description follow {@link RecordText} (the title is stripped, the
 * description's CRLFs become LFs); a refusal names the field. Immutable.
 */
public record NewDiscussion(String title, String description, boolean pullRequest) {

  public NewDiscussion {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    title = RecordText.title("title", title);
    if (title.isEmpty()) {
      throw HubException.invalid("title: a discussion needs a title");
    }
    description = RecordText.text("description", description);
  }
}
