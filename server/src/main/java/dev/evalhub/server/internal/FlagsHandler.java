package dev.evalhub.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.NewFlag;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.service.FlagService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flag routes of issue 14 under {@code /api/models/{ns}/{name}/flags}: raise, list, details,
 * comment and resolve. Each parses, makes one {@link FlagService} call (which checks who may do
 * what) and renders {@link FlagJson}. Thread-safe.
 */
public final class FlagsHandler {

  /** The prefix of every route. */
  public static final String PATH = "/api/models/{ns}/{name}/flags";

  private final FlagService flags;
  private final Authenticator authenticator;

  public FlagsHandler(FlagService flags, Authenticator authenticator) {
    this.flags = flags;
    this.authenticator = authenticator;
  }

  /** {@code POST .../flags} with {@code {category, target: {filename, dataset, task_id}, ...}}. */
  public void raise(Context ctx) {
    JsonNode body = RequestBodies.requiredObject(ctx.bodyAsBytes());
    JsonNode target = body.path("target");
    if (!target.isObject()) {
      throw HubException.invalid("target: required, {filename, dataset, task_id}");
    }
    NewFlag what =
        NewFlag.of(
            RequestBodies.text(body, "category").orElse(""),
            RequestBodies.text(target, "filename").orElse(""),
            RequestBodies.text(target, "dataset").orElse(""),
            RequestBodies.text(target, "task_id").orElse(""),
            RequestBodies.text(target, "notes").orElse(""),
            RequestBodies.text(body, "evidence").orElse(""),
            links(body));
    RepoId model = ApiRequests.model(ctx);
    PullRequest flag = flags.raise(model, signedIn(ctx), what);
    JsonResponses.write(ctx, FlagJson.details(model, flag));
  }

  /** {@code GET .../flags[?status=open|upheld|rejected]}. */
  public void list(Context ctx) {
    Optional<FlagStatus> status =
        Optional.ofNullable(ctx.queryParam("status"))
            .map(
                s ->
                    FlagStatus.fromId(s)
                        .orElseThrow(
                            () ->
                                HubException.invalid(
                                    "\"status\" must be one of open, upheld, rejected, got \""
                                        + s
                                        + "\"")));
    RepoId model = ApiRequests.model(ctx);
    List<Map<String, Object>> json =
        flags.list(model, caller(ctx), status).stream()
            .map(pr -> FlagJson.summary(model, pr))
            .toList();
    JsonResponses.write(ctx, Map.of("flags", json, "count", json.size()));
  }

  /** {@code GET .../flags/{num}}: the flag with its events. */
  public void details(Context ctx) {
    RepoId model = ApiRequests.model(ctx);
    PullRequest flag = flags.get(model, PrNumber.parse(ctx.pathParam("num")), caller(ctx));
    JsonResponses.write(ctx, FlagJson.details(model, flag));
  }

  /** {@code POST .../flags/{num}/comment} with {@code {comment}}. */
  public void comment(Context ctx) {
    JsonNode body = RequestBodies.requiredObject(ctx.bodyAsBytes());
    RepoId model = ApiRequests.model(ctx);
    PullRequest flag =
        flags.comment(
            model,
            PrNumber.parse(ctx.pathParam("num")),
            signedIn(ctx),
            RequestBodies.text(body, "comment").orElse(""));
    JsonResponses.write(ctx, FlagJson.details(model, flag));
  }

  /** {@code POST .../flags/{num}/resolve} with {@code {resolution: upheld|rejected, comment}}. */
  public void resolve(Context ctx) {
    JsonNode body = RequestBodies.requiredObject(ctx.bodyAsBytes());
    String resolution = RequestBodies.text(body, "resolution").orElse("");
    FlagStatus outcome =
        FlagStatus.fromId(resolution)
            .filter(s -> s != FlagStatus.OPEN)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "resolution: must be \"upheld\" or \"rejected\", got \""
                            + resolution
                            + "\""));
    RepoId model = ApiRequests.model(ctx);
    PullRequest flag =
        flags.resolve(
            model,
            PrNumber.parse(ctx.pathParam("num")),
            signedIn(ctx),
            outcome,
            RequestBodies.text(body, "comment").orElse(""));
    JsonResponses.write(ctx, FlagJson.details(model, flag));
  }

  private static List<String> links(JsonNode body) {
    JsonNode links = body.get("links");
    if (links == null || links.isNull()) {
      return List.of();
    }
    if (!links.isArray()) {
      throw HubException.invalid("links: must be an array of URLs");
    }
    List<String> all = new ArrayList<>();
    for (JsonNode link : links) {
      if (!link.isTextual()) {
        throw HubException.invalid("links: must be an array of URLs");
      }
      all.add(link.asText());
    }
    return all;
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
                    "sign in with a write token to flag results"));
  }
}
