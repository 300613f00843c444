package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.leaderboard.Trust;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.PrChanges;
import dev.evalhub.domain.pr.PullRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a flag (issue 14): {@code num}, {@code kind} ("flag"), {@code category}, {@code
 * status} (open, upheld, rejected), {@code target} ({@code filename}, {@code dataset}, {@code
 * task_id}, {@code notes}, {@code sha256} of the entry when flagged), {@code evidence}, {@code
 * links}, {@code author}, {@code createdAt}, {@code updatedAt}, {@code resolution} ({@code status},
 * {@code by}, {@code at}) once resolved, {@code url} (its page), and with details the {@code
 * events} as the discussions API spells them. Stateless.
 */
final class FlagJson {

  private FlagJson() {}

  static Map<String, Object> summary(RepoId repo, PullRequest pr) {
    Flag flag = pr.flag().orElseThrow();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("num", pr.number().value());
    json.put("kind", PullRequest.Kind.FLAG.id());
    json.put("category", flag.category().id());
    json.put("status", flag.status().id());
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("filename", flag.target().file());
    target.put("dataset", flag.target().datasetId());
    target.put("task_id", flag.target().taskId());
    target.put("notes", flag.target().notes());
    target.put("sha256", flag.target().entrySha256());
    json.put("target", target);
    json.put("evidence", pr.description());
    json.put("links", flag.links());
    json.put("author", Map.of("name", pr.author()));
    json.put("createdAt", DiscussionJson.time(pr.created()));
    json.put("updatedAt", DiscussionJson.time(pr.updated()));
    flag.resolution()
        .ifPresent(
            r -> {
              Map<String, Object> resolution = new LinkedHashMap<>();
              resolution.put("status", r.outcome().id());
              resolution.put("by", r.account());
              resolution.put("at", DiscussionJson.time(r.time()));
              json.put("resolution", resolution);
            });
    json.put("url", "/" + repo.urlPath() + "/discussions/" + pr.number());
    return json;
  }

  static Map<String, Object> details(RepoId repo, PullRequest pr) {
    Map<String, Object> json = summary(repo, pr);
    json.put("events", DiscussionJson.details(repo, pr, PrChanges.NONE).get("events"));
    return json;
  }

  /**
   * The flags on a leaderboard row: {@code num}, {@code model}, {@code category}, {@code status},
   * {@code inheritedFrom} (an ancestor's upheld contamination flag) and {@code url} (its page).
   */
  static List<Map<String, Object>> marks(List<Trust.FlagMark> marks) {
    return marks.stream()
        .map(
            mark -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("num", mark.number());
              json.put("model", mark.model().fullName());
              json.put("category", mark.category());
              json.put("status", mark.status());
              mark.inheritedFrom().ifPresent(from -> json.put("inheritedFrom", from.fullName()));
              json.put("url", "/" + mark.model().urlPath() + "/discussions/" + mark.number());
              return json;
            })
        .toList();
  }
}
