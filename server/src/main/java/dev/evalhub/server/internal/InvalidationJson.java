package dev.evalhub.server.internal;

import dev.evalhub.domain.leaderboard.Leaderboard;
import dev.evalhub.domain.leaderboard.LeaderboardEntry;
import dev.evalhub.domain.leaderboard.TaskNotice;
import dev.evalhub.domain.leaderboard.Trust;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a benchmark's public record says on a leaderboard (issue 14), in JSON: a row's {@code
 * invalidated: {cause, taskVersion?, declared, account, reason, commit, url}} (the version it was
 * measured with was declared invalid, or it came after the task was withdrawn) and {@code
 * versionUnknown: true}, and a task's {@code notice: {status, reason, since, account, commit, url}}
 * (deprecated or withdrawn). Times are ISO-8601 UTC; {@code url} is the commit's anchor on the
 * benchmark page's changes record. Stateless.
 */
final class InvalidationJson {

  private InvalidationJson() {}

  /** Adds the row's invalidation and version-unknown mark, when it has them. */
  static void put(Map<String, Object> json, LeaderboardEntry entry) {
    entry
        .trust()
        .invalidation()
        .ifPresent(why -> json.put("invalidated", invalidation(entry, why)));
    if (entry.trust().versionUnknown()) {
      json.put("versionUnknown", true);
    }
  }

  private static Map<String, Object> invalidation(LeaderboardEntry entry, Trust.Invalidation why) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cause", why.cause().id());
    if (!why.taskVersion().isEmpty()) {
      json.put("taskVersion", why.taskVersion());
    }
    json.put("declared", why.declared().toString());
    json.put("account", why.account());
    json.put("reason", why.reason());
    json.put("commit", why.commitId());
    entry.badges().stream()
        .filter(b -> b.kind() == dev.evalhub.domain.leaderboard.Badge.Kind.INVALIDATED)
        .findFirst()
        .ifPresent(b -> LeaderboardJson.putIfPresent(json, "url", b.url()));
    return json;
  }

  /** Adds the task's banner, when it has one. */
  static void putNotice(Map<String, Object> json, Leaderboard leaderboard) {
    leaderboard.notice().ifPresent(notice -> json.put("notice", notice(leaderboard, notice)));
  }

  private static Map<String, Object> notice(Leaderboard leaderboard, TaskNotice notice) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", notice.status().id());
    json.put("reason", notice.reason());
    json.put("since", notice.since().toString());
    json.put("account", notice.account());
    json.put("commit", notice.commitId());
    json.put(
        "url", "/" + leaderboard.task().benchmark().urlPath() + "#change-" + notice.commitId());
    return json;
  }
}
