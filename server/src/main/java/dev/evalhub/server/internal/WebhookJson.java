package dev.evalhub.server.internal;

import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.feed.HubEvent.Kind;
import dev.evalhub.domain.webhook.DeliveryAttempt;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.server.Json;
import dev.evalhub.service.WebhookPayloads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks' wire shapes (docs/WEBHOOKS.md): a webhook as the settings API answers it (never its
 * secret: {@code secretSet}), an attempt of its delivery log, and the payload POSTed to it — the
 * Hugging Face Hub's {@code {event: {action, scope}, repo, discussion?, comment?, webhook: {id,
 * version: 3}, updatedRefs?}} plus evalhub's own {@code evalhub} object. Stateless.
 */
public final class WebhookJson implements WebhookPayloads {

  /** The one payload renderer. */
  public static final WebhookJson PAYLOADS = new WebhookJson();

  private WebhookJson() {}

  /** A webhook as the settings API answers it. */
  public static Map<String, Object> webhook(Webhook webhook) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", webhook.id());
    json.put(
        "watched",
        webhook.watched().stream().map(w -> ordered("type", w.type(), "name", w.name())).toList());
    json.put("url", webhook.url());
    json.put("domains", webhook.domains().stream().sorted().toList());
    json.put("secretSet", webhook.secret().isPresent());
    json.put("disabled", webhook.disabled());
    json.put("createdAt", webhook.created().toString());
    json.put("updatedAt", webhook.updated().toString());
    return json;
  }

  /** One attempt of a delivery log. */
  public static Map<String, Object> attempt(DeliveryAttempt attempt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("time", attempt.time().toString());
    json.put("deliveryId", attempt.deliveryId());
    json.put("event", attempt.event());
    json.put("attempt", attempt.attempt());
    json.put("status", Json.orNull(attempt.status()));
    json.put("error", Json.orNull(attempt.error()));
    json.put("durationMs", attempt.durationMillis());
    json.put("outcome", attempt.outcome());
    return json;
  }

  /** A map of {@code pairs} (key, value, key, value, ...) in their order. */
  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** The Hub's {@code scope} of an event kind. */
  public static String scope(Kind kind) {
    return switch (kind) {
      case REPO_CREATED, REPO_DELETED -> "repo";
      case CONTENT_UPDATED -> "repo.content";
      case RESULT_ADDED, RESULT_CHANGED, RESULT_REMOVED -> "evalhub.result";
      case TASK_INVALIDATED -> "evalhub.task";
      case FLAG_RAISED, FLAG_RESOLVED -> "evalhub.flag";
      case COMMENT_ADDED -> "discussion.comment";
      case PR_OPENED,
          PR_MERGED,
          PR_CLOSED,
          DISCUSSION_OPENED,
          DISCUSSION_CLOSED,
          DISCUSSION_REOPENED ->
          "discussion";
    };
  }

  /** The Hub's {@code action} of an event kind. */
  public static String action(Kind kind) {
    return switch (kind) {
      case REPO_CREATED, RESULT_ADDED, PR_OPENED, DISCUSSION_OPENED, COMMENT_ADDED, FLAG_RAISED ->
          "create";
      case REPO_DELETED, RESULT_REMOVED -> "delete";
      default -> "update";
    };
  }

  @Override
  public String render(
      Webhook webhook, HubEvent event, String deliveryId, boolean repoPrivate, String publicUrl) {
    return new String(
        Json.bytes(payload(webhook, event, deliveryId, repoPrivate, publicUrl)),
        StandardCharsets.UTF_8);
  }

  /** The payload as a map, in the documented field order. */
  static Map<String, Object> payload(
      Webhook webhook, HubEvent event, String deliveryId, boolean repoPrivate, String publicUrl) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event", ordered("action", action(event.kind()), "scope", scope(event.kind())));
    json.put("repo", repo(event, repoPrivate, publicUrl));
    event.discussion().ifPresent(d -> json.put("discussion", discussion(event, d, publicUrl)));
    event
        .discussion()
        .filter(d -> event.kind() == Kind.COMMENT_ADDED)
        .ifPresent(d -> json.put("comment", comment(event, d, publicUrl)));
    json.put("webhook", ordered("id", webhook.id(), "version", 3));
    if (event.kind() == Kind.CONTENT_UPDATED) {
      json.put(
          "updatedRefs",
          List.of(ordered("ref", event.ref(), "oldSha", event.oldId(), "newSha", event.newId())));
    }
    json.put("evalhub", evalhub(event, deliveryId));
    return json;
  }

  private static Map<String, Object> repo(HubEvent event, boolean isPrivate, String publicUrl) {
    RepoId repo = event.repo();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", repo.type().id());
    json.put("name", repo.fullName());
    json.put("id", repo.urlPath());
    json.put("private", isPrivate);
    json.put(
        "url",
        ordered(
            "web", publicUrl + "/" + repo.urlPath(),
            "api", publicUrl + "/api/" + repo.type().plural() + "/" + repo.fullName()));
    json.put("owner", ordered("id", repo.namespace()));
    // Every event but a discussion's comes from a branch or tag: its new commit is the head.
    boolean onBranch = event.discussion().isEmpty();
    if (onBranch && !event.newId().matches("0{40}")) {
      json.put("headSha", event.newId());
    }
    return json;
  }

  private static Map<String, Object> discussion(
      HubEvent event, HubEvent.Discussion d, String publicUrl) {
    RepoId repo = event.repo();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", repo.urlPath() + "#" + d.number());
    json.put("num", d.number());
    json.put("status", d.status());
    json.put("title", d.title());
    json.put(
        "url",
        ordered(
            "web", publicUrl + "/" + repo.urlPath() + "/discussions/" + d.number(),
            "api",
                publicUrl
                    + "/api/"
                    + repo.type().plural()
                    + "/"
                    + repo.fullName()
                    + "/discussions/"
                    + d.number()));
    json.put("isPullRequest", d.isPullRequest());
    json.put("author", ordered("id", d.author()));
    if (d.isPullRequest()) {
      json.put("changes", ordered("base", RefName.branch("main").name()));
    }
    return json;
  }

  private static Map<String, Object> comment(
      HubEvent event, HubEvent.Discussion d, String publicUrl) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", event.repo().urlPath() + "#" + d.number() + "/" + d.eventIndex());
    json.put("author", ordered("id", event.actor()));
    json.put("content", d.comment());
    json.put("hidden", false);
    json.put(
        "url",
        ordered("web", publicUrl + "/" + event.repo().urlPath() + "/discussions/" + d.number()));
    return json;
  }

  private static Map<String, Object> evalhub(HubEvent event, String deliveryId) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event", event.kind().id());
    json.put("delivery", deliveryId);
    json.put("sequence", event.sequence());
    json.put("index", event.index());
    json.put("actor", event.actor());
    json.put("time", event.time().toString());
    json.put("ref", event.ref());
    if (!event.results().isEmpty() || event.resultCount() > 0) {
      List<Map<String, Object>> results = new ArrayList<>();
      for (HubEvent.Result r : event.results()) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", r.file());
        result.put("dataset", r.datasetId());
        result.put("taskId", r.taskId());
        result.put("notes", r.notes());
        result.put("oldValue", Json.orNull(r.oldValue()));
        result.put("newValue", Json.orNull(r.newValue()));
        results.add(result);
      }
      json.put("results", results);
      json.put("resultCount", event.resultCount());
      json.put("truncated", event.truncated());
    }
    event
        .task()
        .ifPresent(
            t -> {
              Map<String, Object> task = new LinkedHashMap<>();
              task.put("taskId", t.taskId());
              task.put("addedInvalidVersions", t.addedInvalidVersions());
              task.put("invalidVersions", t.invalidVersions());
              task.put("reason", t.reason());
              json.put("task", task);
            });
    event.discussion().ifPresent(d -> json.put("recordKind", d.recordKind()));
    return json;
  }
}
