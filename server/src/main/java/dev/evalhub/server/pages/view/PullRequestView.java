package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The page of a pull request (or a plain discussion): its record, the result changes it carries as
 * a before/after table, its events and comments, and the actions the signed-in account may take.
 * {@code path} is the page's own path, which the forms post to; {@code jobPath} the page of the
 * evaluation job whose results it holds (empty: none); {@code flag} the fields of a flag (issue
 * 14), empty for a pull request or a plain discussion. Immutable.
 */
public record PullRequestView(
    Chrome chrome,
    String repoId,
    String repoPath,
    String path,
    int number,
    String title,
    String author,
    String status,
    boolean isPullRequest,
    String created,
    List<Event> events,
    List<ResultChange> changes,
    Actions actions,
    String jobPath,
    java.util.Optional<FlagSection> flag) {

  public PullRequestView {
    events = List.copyOf(events);
    changes = List.copyOf(changes);
  }

  /**
   * A flag's own fields: category, status (open, upheld, rejected), the result it targets (file,
   * dataset, task, notes, the entry's sha256 when flagged), the evidence links, who resolved it
   * (empty while open), and whether the signed-in account may resolve it now.
   */
  public record FlagSection(
      String category,
      String status,
      String file,
      String datasetId,
      String taskId,
      String notes,
      String entrySha256,
      List<String> links,
      String resolvedBy,
      boolean resolve) {
    public FlagSection {
      links = List.copyOf(links);
    }
  }

  /** One event: a comment (its text), a push, a status change or the merge. */
  public record Event(String kind, String actor, String time, String text, boolean comment) {}

  /**
   * A result this pull request adds, changes or removes: the value before and after (empty when
   * absent).
   */
  public record ResultChange(
      String file, String datasetId, String taskId, String change, String before, String after) {}

  /** What the signed-in account may do here. */
  public record Actions(boolean merge, boolean close, boolean reopen, boolean comment) {}
}
