package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.service.PullRequestService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The discussion and pull request routes of the Hugging Face API, under {@code
 * /api/{models|datasets}/{ns}/{name} /discussions}: list, create, details, comment, status and
 * merge, as the Python client's {@code HfApi} calls them. Each route parses, makes one {@link
 * PullRequestService} call (which checks who may do what) and renders. Thread-safe.
 */
public final class DiscussionsHandler {

  /** The prefix of every route; {@code {type}} is {@code models} or {@code datasets}. */
  public static final String PATH = "/api/{type}/{ns}/{name}/discussions";

  private static final int PAGE_SIZE = 50;

  private final PullRequestService pullRequests;
  private final Authenticator authenticator;

  public DiscussionsHandler(PullRequestService pullRequests, Authenticator authenticator) {
    this.pullRequests = pullRequests;
    this.authenticator = authenticator;
  }

  /**
   * {@code GET ...discussions?p=&type=all|discussion|pull_request&status=all|open|closed&author=}.
   */
  public void list(Context ctx) throws IOException {
    String type = oneOf(ctx, "type", List.of("all", "discussion", "pull_request"));
    String status = oneOf(ctx, "status", List.of("all", "open", "closed"));
    Optional<String> author = Optional.ofNullable(ctx.queryParam("author"));
    int page = Optional.ofNullable(ctx.queryParam("p")).map(DiscussionsHandler::page).orElse(0);
    RepoId repo = repo(ctx);
    List<PullRequest> matching =
        pullRequests.list(repo, caller(ctx)).stream()
            .filter(pr -> type.equals("all") || pr.isPullRequest() == type.equals("pull_request"))
            .filter(
                pr ->
                    status.equals("all") || (pr.status() == PrStatus.OPEN) == status.equals("open"))
            .filter(pr -> author.map(a -> a.equalsIgnoreCase(pr.author())).orElse(true))
            .sorted(Comparator.comparingInt((PullRequest pr) -> pr.number().value()).reversed())
            .toList();
    int start = Math.min(page * PAGE_SIZE, matching.size());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "discussions",
        matching.subList(start, Math.min(start + PAGE_SIZE, matching.size())).stream()
            .map(pr -> DiscussionJson.summary(repo, pr))
            .collect(Collectors.toList()));
    json.put("count", matching.size());
    json.put("start", start);
    json.put(
        "numClosedDiscussions",
        matching.stream().filter(pr -> pr.status() != PrStatus.OPEN).count());
    send(ctx, json);
  }

  /** {@code POST ...discussions} with {@code {title, description?, pullRequest?}}. */
  public void create(Context ctx) throws IOException {
    JsonNode body = RequestBodies.object(ctx.bodyAsBytes());
    NewDiscussion what =
        new NewDiscussion(
            RequestBodies.text(body, "title").orElse(""),
            RequestBodies.text(body, "description").orElse(""),
            body.path("pullRequest").asBoolean(false));
    RepoId repo = repo(ctx);
    PullRequest pr = pullRequests.open(repo, signedIn(ctx), what);
    Map<String, Object> json = DiscussionJson.summary(repo, pr);
    json.put(
        "url",
        ctx.scheme() + "://" + ctx.host() + "/" + repo.urlPath() + "/discussions/" + pr.number());
    send(ctx, json);
  }

  /** {@code GET ...discussions/{num}}: the details, with events, conflicting files and diff. */
  public void details(Context ctx) throws IOException {
    RepoId repo = repo(ctx);
    PrNumber number = PrNumber.parse(ctx.pathParam("num"));
    Optional<Caller> caller = caller(ctx);
    PullRequest pr = pullRequests.get(repo, number, caller);
    send(ctx, DiscussionJson.details(repo, pr, pullRequests.changes(repo, number, caller)));
  }

  /**
   * {@code POST ...discussions/{num}/comment} with {@code {comment}}: answers {@code {newMessage}}.
   */
  public void comment(Context ctx) throws IOException {
    JsonNode body = RequestBodies.object(ctx.bodyAsBytes());
    PullRequest pr =
        pullRequests.comment(
            repo(ctx),
            PrNumber.parse(ctx.pathParam("num")),
            signedIn(ctx),
            RequestBodies.text(body, "comment").orElse(""));
    send(ctx, Map.of("newMessage", DiscussionJson.lastEvent(pr, PrEvent.Kind.COMMENT)));
  }

  /**
   * {@code POST|PATCH ...discussions/{num}/status} with {@code {status, comment?}}: answers {@code
   * {newStatus}}.
   */
  public void status(Context ctx) throws IOException {
    JsonNode body = RequestBodies.object(ctx.bodyAsBytes());
    String id = RequestBodies.text(body, "status").orElse("");
    PrStatus status =
        PrStatus.fromId(id)
            .filter(s -> s != PrStatus.MERGED)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "\"status\" must be \"open\" or \"closed\", got \"" + id + "\""));
    PullRequest pr =
        pullRequests.changeStatus(
            repo(ctx),
            PrNumber.parse(ctx.pathParam("num")),
            signedIn(ctx),
            status,
            RequestBodies.text(body, "comment"));
    send(ctx, Map.of("newStatus", DiscussionJson.lastEvent(pr, PrEvent.Kind.STATUS_CHANGE)));
  }

  /** {@code POST ...discussions/{num}/merge} with {@code {comment?}} or no body. */
  public void merge(Context ctx) throws IOException {
    JsonNode body = RequestBodies.object(ctx.bodyAsBytes());
    PrNumber number = PrNumber.parse(ctx.pathParam("num"));
    MergeResult result =
        pullRequests.merge(repo(ctx), number, signedIn(ctx), RequestBodies.text(body, "comment"));
    switch (result.status()) {
      case CONFLICT ->
          throw HubException.conflict(
              "pull request #"
                  + number
                  + " does not apply to main cleanly; conflicting files: "
                  + String.join(", ", result.conflictingFiles()));
      case INVALID_FILES ->
          throw HubException.conflict(
              "pull request #"
                  + number
                  + " would make invalid files on main:\n"
                  + result.problems().stream()
                      .filter(p -> p.isError())
                      .map(p -> p.describe())
                      .collect(Collectors.joining("\n")));
      case MERGED -> {
        PullRequest pr = result.merged().orElseThrow();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("newStatus", DiscussionJson.lastEvent(pr, PrEvent.Kind.STATUS_CHANGE));
        json.put("mergeCommitId", pr.mergeCommit().orElseThrow());
        send(ctx, json);
      }
    }
  }

  private static RepoId repo(Context ctx) {
    return ApiRequests.repo(ctx);
  }

  private Optional<Caller> caller(Context ctx) {
    return authenticator.caller(ctx.header("Authorization"));
  }

  private Caller signedIn(Context ctx) {
    return caller(ctx)
        .orElseThrow(
            () ->
                new HubException(
                    HubException.Kind.UNAUTHENTICATED,
                    "sign in with a write token to take part in discussions"));
  }

  /** The query parameter {@code name}, one of {@code allowed} (the first when absent). */
  private static String oneOf(Context ctx, String name, List<String> allowed) {
    String value = Optional.ofNullable(ctx.queryParam(name)).orElse(allowed.get(0));
    if (!allowed.contains(value)) {
      throw HubException.invalid(
          "\""
              + name
              + "\" must be one of "
              + String.join(", ", allowed)
              + ", got \""
              + value
              + "\"");
    }
    return value;
  }

  private static int page(String text) {
    try {
      return Math.max(0, Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw HubException.invalid("\"p\" must be a page number, got \"" + text + "\"");
    }
  }

  private static void send(Context ctx, Object json) {
    JsonResponses.write(ctx, json);
  }
}
