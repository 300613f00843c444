package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discussions in the JSON of the Hugging Face API, as the Python client's {@code HfApi} reads them:
 * summaries for {@code get_repo_discussions}, details with events for {@code
 * get_discussion_details}. The description is shown as the first comment, as on the Hub. Stateless.
 */
final class DiscussionJson {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private DiscussionJson() {}

  static Map<String, Object> summary(RepoId repo, PullRequest pr) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("num", pr.number().value());
    json.put("title", pr.title());
    json.put("status", pr.status().id());
    json.put("isPullRequest", pr.isPullRequest());
    json.put("createdAt", time(pr.created()));
    json.put("updatedAt", time(pr.updated()));
    json.put("author", Map.of("name", pr.author()));
    json.put("repo", Map.of("name", repo.fullName(), "type", repo.type().id()));
    json.put(
        "numComments",
        pr.events().stream().filter(e -> e.kind() == PrEvent.Kind.COMMENT).count() + 1);
    json.put("pinned", false);
    return json;
  }

  static Map<String, Object> details(RepoId repo, PullRequest pr, PrChanges changes) {
    Map<String, Object> json = summary(repo, pr);
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(comment(pr, 0, pr.author(), pr.created(), pr.description()));
    for (int i = 0; i < pr.events().size(); i++) {
      events.add(event(pr, i + 1, pr.events().get(i)));
    }
    json.put("events", events);
    if (pr.isPullRequest()) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("base", "main");
      pr.mergeCommit().ifPresent(oid -> target.put("mergeCommitId", oid));
      pr.head().ifPresent(oid -> target.put("headCommitId", oid));
      json.put("changes", target);
      json.put(
          "filesWithConflicts",
          pr.status() == PrStatus.OPEN ? changes.conflictingFiles() : List.of());
      json.put("diff", changes.diff());
    }
    return json;
  }

  /**
   * The event at {@code index} of the details' list (0 is the description), as the Python client
   * reads it.
   */
  static Map<String, Object> event(PullRequest pr, int index, PrEvent event) {
    return switch (event.kind()) {
      case COMMENT -> comment(pr, index, event.actor(), event.time(), event.text());
      case PUSH ->
          common(
              pr,
              index,
              "commit",
              event.actor(),
              event.time(),
              Map.of("subject", event.text(), "oid", event.newId(), "oldOid", event.oldId()));
      case STATUS_CHANGE ->
          common(
              pr,
              index,
              "status-change",
              event.actor(),
              event.time(),
              Map.of("status", event.status().orElseThrow().id()));
      case MERGE ->
          common(pr, index, "merge", event.actor(), event.time(), Map.of("oid", event.newId()));
    };
  }

  /** The last event of {@code pr} of {@code kind}, in the shape of {@link #event}. */
  static Map<String, Object> lastEvent(PullRequest pr, PrEvent.Kind kind) {
    for (int i = pr.events().size() - 1; i >= 0; i--) {
      if (pr.events().get(i).kind() == kind) {
        return event(pr, i + 1, pr.events().get(i));
      }
    }
    throw new IllegalStateException("#" + pr.number() + " has no " + kind.id() + " event");
  }

  private static Map<String, Object> comment(
      PullRequest pr, int index, String author, Instant time, String text) {
    Map<String, Object> latest = new LinkedHashMap<>();
    latest.put("raw", text);
    latest.put("html", "<p>" + escape(text) + "</p>");
    latest.put("updatedAt", time(time));
    latest.put("author", Map.of("name", author));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("edited", false);
    data.put("hidden", false);
    data.put("latest", latest);
    data.put("numEdits", 0);
    data.put("editors", List.of(author));
    data.put("history", List.of(latest));
    return common(pr, index, "comment", author, time, data);
  }

  private static Map<String, Object> common(
      PullRequest pr,
      int index,
      String type,
      String author,
      Instant time,
      Map<String, Object> data) {
    Map<String, Object> json = new LinkedHashMap<>();
    // Stable ids derived from the position in the record: the record is append-only, so they never
    // change.
    json.put("id", String.format("%012x%012x", pr.number().value(), index));
    json.put("type", type);
    json.put("createdAt", time(time));
    json.put("author", Map.of("name", author));
    json.put("data", data);
    return json;
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
