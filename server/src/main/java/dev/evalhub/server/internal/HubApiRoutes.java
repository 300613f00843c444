package dev.evalhub.server.internal;

import static dev.evalhub.server.ApiRoute.documented;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import dev.evalhub.domain.RepoType;
import dev.evalhub.server.ApiDoc;
import dev.evalhub.server.ApiDoc.Schema;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.service.EvalHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's route table: every route of the HTTP API in the order the server registers it, the
 * documented ones with what the OpenAPI description ({@code GET /api/openapi.json}, generated from
 * this table by {@link OpenApi}) says of them. Documented are evalhub's own routes and the Hugging
 * Face routes evalhub adds to (a model's {@code evalResults}, the {@code benchmark:official}
 * listing, repository creation); the other Hugging Face routes are the Hub's, described by its own
 * documentation. Paths whose tail holds a revision and a file path end in a {@code <tail>}
 * parameter that matches slashes (never documented: OpenAPI has no such parameter); the handlers
 * parse the raw path themselves ({@link RequestPath}). Stateless.
 */
public final class HubApiRoutes {

  private static final String DISCUSSION = "Hugging Face discussion JSON";

  private HubApiRoutes() {}

  /**
   * The API's routes over {@code hub}, with the health routes of {@code health} and, when the
   * metrics are served, {@code /metrics}: {@code maxCommitBytes} bounds a commit's body, {@code
   * maxFileBytes} a file sent to validation and {@code maxImportBytes} the logs of one import.
   */
  public static List<ApiRoute> table(
      EvalHub hub,
      RequestAccess access,
      Authenticator authenticator,
      HealthHandler health,
      Optional<MetricsHandler> metrics,
      long maxCommitBytes,
      long maxFileBytes,
      long maxImportBytes) {
    List<ApiRoute> routes = new ArrayList<>();
    routes.add(
        documented(
            POST,
            "/api/repos/create",
            new CreateRepoHandler(hub.repositories(), access),
            ApiDoc.of("Create a repository (Hugging Face body)")
                .withBody(ApiDoc.JSON, Schema.ref("CreateRepoRequest"))
                .withOk("created", Schema.ref("CreatedRepo"))
                .withErrors(400, 401, 403, 409)));
    routes.add(
        documented(
            GET,
            "/api/models/{ns}/{name}",
            new RepoInfoHandler(access, hub),
            ApiDoc.of(
                    "Model info with its card (cardData, model-index, pipeline_tag, library_name, tags); with"
                        + " expand[]=evalResults, the model's results")
                .withQuery(
                    "expand[]",
                    false,
                    "evalResults to include the results; every other field is always sent",
                    Schema.STRING)
                .withOk("model info", Schema.ref("ModelInfo"))
                .withErrors(401, 404)));
    routes.add(
        documented(
            GET,
            "/api/datasets",
            new BenchmarkListHandler(
                hub.leaderboards(), new RepoListHandler(RepoType.DATASET, access, hub)),
            ApiDoc.of("The registered benchmarks (filter=benchmark:official)")
                .withQuery("filter", true, "benchmark:official", Schema.STRING)
                .withOk("benchmarks", Schema.OBJECTS)
                .withErrors(400)));
    addHealth(routes, health, metrics);
    addDiscussions(routes, new DiscussionsHandler(hub.pullRequests(), authenticator));
    addFlags(routes, new FlagsHandler(hub.flags(), authenticator));
    routes.add(
        documented(
            GET,
            ResultHistoryHandler.PATH,
            new ResultHistoryHandler(hub.history(), authenticator),
            ApiDoc.of("The audit trail of a repository's results")
                .withOk("history", Schema.OBJECTS)
                .withErrors(404)));
    routes.add(
        documented(
            GET,
            EeeExportHandler.PATH,
            new EeeExportHandler(hub.exports(), authenticator),
            ApiDoc.of(
                    "The model's results on main as Every Eval Ever 0.3.0 records (an array), or one"
                        + " entry's record with file and index")
                .withQuery(
                    "file",
                    false,
                    "a results file, .eval_results/NAME.yaml (with index)",
                    Schema.STRING)
                .withQuery(
                    "index", false, "the entry's 0-based index in file (with file)", Schema.INTEGER)
                .withOk("Every Eval Ever records", Schema.OBJECTS)
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            GET,
            SpreadHandler.PATH,
            new SpreadHandler(hub.leaderboards(), authenticator),
            ApiDoc.of(
                    "A model's methodology spread: every result of the model on a task side by side"
                        + " across methodology groups, the methodology keys that differ named")
                .withQuery(
                    "dataset",
                    false,
                    "NS/NAME of the benchmark (needed with task_id)",
                    Schema.STRING)
                .withQuery(
                    "task_id",
                    false,
                    "the task (default: every task with more than one methodology group)",
                    Schema.STRING)
                .withOk("spreads, by dataset then task", Schema.ref("MethodologySpreads"))
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            GET,
            LineageHandler.PATH,
            new LineageHandler(hub.lineage(), authenticator),
            ApiDoc.of(
                    "A model's base_model lineage: its parents up to the roots and its children down"
                        + " to the leaves, each with its base_model_relation; private models the"
                        + " caller may not read never show")
                .withOk("lineage", Schema.ref("Lineage"))
                .withErrors(401, 404)));
    routes.add(
        documented(
            GET,
            LeaderboardHandler.PATH,
            new LeaderboardHandler(hub.leaderboards(), authenticator),
            ApiDoc.of("A task's leaderboard")
                .withQuery("task_id", false, "task id (default: the first task)", Schema.STRING)
                .withQuery(
                    "base_model", false, "false lists models with a base_model too", Schema.BOOLEAN)
                .withQuery(
                    "hide_flagged",
                    false,
                    "true drops rows with an open or inherited flag",
                    Schema.BOOLEAN)
                .withQuery("limit", false, "at most this many rows (default: all)", Schema.INTEGER)
                .withQuery(
                    "include_invalidated",
                    false,
                    "true adds, after the ranked rows, the rows that left the leaderboard because"
                        + " the public record stands against them (rank 0, with invalidated)",
                    Schema.BOOLEAN)
                .withRequestHeader(
                    "If-None-Match",
                    "an ETag of an earlier answer: 304 without a body while the leaderboard is"
                        + " unchanged")
                .withRequestHeader(
                    "Accept-Encoding", "gzip: the body is sent gzipped (Content-Encoding: gzip)")
                .withOk("rows, by group then rank", Schema.arrayOf(Schema.ref("LeaderboardEntry")))
                .withResponseHeaders(200, LeaderboardHandler.CACHING_HEADERS)
                .withResponseHeaders(
                    200, Map.of("Content-Encoding", "gzip when the request accepted it, else none"))
                .withEmptyAnswer(
                    304,
                    "unchanged since the ETag named by If-None-Match; no body",
                    LeaderboardHandler.CACHING_HEADERS)
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            GET,
            ChangesHandler.PATH,
            new ChangesHandler(hub.leaderboards(), authenticator),
            ApiDoc.of(
                    "A benchmark's public changes record, from the git history of its eval.yaml on"
                        + " main, newest first: commit, account, time, task_id, field, old, new,"
                        + " reason and how many results each change affects")
                .withOk("changes, newest first", Schema.OBJECTS)
                .withErrors(401, 404)));
    addLeaderboardExports(routes, hub, authenticator);
    routes.add(
        documented(
            GET,
            "/api/datasets/{ns}/{name}/leaderboards",
            new LeaderboardsHandler(hub.leaderboards(), hub.lineage(), authenticator),
            ApiDoc.of("Every leaderboard of a benchmark, one per task")
                .withQuery(
                    "base_model", false, "false lists models with a base_model too", Schema.BOOLEAN)
                .withQuery(
                    "fold",
                    false,
                    "base_model lists derived models too, each row under the row of its nearest"
                        + " ancestor in its methodology group (foldLevel, derivedFrom)",
                    Schema.STRING)
                .withQuery(
                    "hide_flagged",
                    false,
                    "true drops rows with an open or inherited flag",
                    Schema.BOOLEAN)
                .withOk("leaderboards", Schema.arrayOf(Schema.ref("Leaderboard")))
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            GET,
            DiscrepanciesHandler.PATH,
            new DiscrepanciesHandler(hub.leaderboards(), authenticator),
            ApiDoc.of(
                    "Every discrepancy of a benchmark: two sources of one model, task and"
                        + " methodology group (results files, open pull requests, model-card"
                        + " results the benchmark maps) whose values differ beyond 1.96 × their"
                        + " combined standard error, else the task's tolerance, else the written"
                        + " precision")
                .withQuery("task_id", false, "the task (default: every task)", Schema.STRING)
                .withOk(
                    "{datasetId, discrepancies: [{modelId, taskId, group, groupLabel, source,"
                        + " other, difference, threshold, basis}]}",
                    Schema.OBJECT)
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            GET,
            CompareHandler.PATH,
            new CompareHandler(hub.leaderboards(), authenticator),
            ApiDoc.of(
                    "Two models compared on a task: both rows, the difference A − B with its 95%"
                        + " interval and the strongest test the data allows (McNemar exact or"
                        + " paired t on per-sample details, else unpaired z), and the common items")
                .withQuery("task_id", true, "the task", Schema.STRING)
                .withQuery("a", true, "model A, NS/NAME", Schema.STRING)
                .withQuery("b", true, "model B, NS/NAME", Schema.STRING)
                .withQuery(
                    "group",
                    false,
                    "a methodology group's key (default: the first group holding both)",
                    Schema.STRING)
                .withQuery(
                    "items",
                    false,
                    "common items to list: none (default), all, a_better, b_better, same",
                    Schema.STRING)
                .withOk("the comparison", Schema.ref("Comparison"))
                .withErrors(400, 401, 404)));
    routes.add(
        documented(
            POST,
            "/api/validate",
            new ValidateHandler(hub.formats(), maxFileBytes),
            ApiDoc.of("Validate a file without committing it")
                .withQuery("type", true, "results | benchmark | model-card", Schema.STRING)
                .withBody("application/octet-stream", Schema.BINARY)
                .withOk("diagnostics", Schema.ref("Validation"))
                .withErrors(400)));
    routes.add(
        documented(
            POST,
            "/api/models/{ns}/{name}/results/import",
            new ImportHandler(access, hub.imports(), hub.dataDir(), maxImportBytes),
            ApiDoc.of(
                    "Import evaluation logs (lm-evaluation-harness, Inspect AI, lighteval, HELM, Every"
                        + " Eval Ever) as results with their methodology: one commit on main, or a"
                        + " pull request")
                .withQuery(
                    "filename",
                    false,
                    "the log's name when the body is one raw log (else send multipart/form-data)",
                    Schema.STRING)
                .withQuery("dry_run", false, "1: preview only, commit nothing", Schema.BOOLEAN)
                .withQuery("create_pr", false, "1: open a pull request", Schema.BOOLEAN)
                .withQuery(
                    "benchmark",
                    false,
                    "NS/NAME of the benchmark the logs feed (default: its eval.yaml sources)",
                    Schema.STRING)
                .withQuery("task", false, "the benchmark task the logs feed", Schema.STRING)
                .withQuery("metric", false, "the framework metric key (or TASK:KEY)", Schema.STRING)
                .withQuery("title", false, "the commit or pull request title", Schema.STRING)
                .withBody("multipart/form-data", Schema.BINARY)
                .withOk("the results, diagnostics, results file and commit", Schema.OBJECT)
                .withErrors(400, 401, 403, 404, 413)));
    addJobs(routes, new JobsHandler(hub.jobs(), access));
    addWebhooks(routes, new WebhooksHandler(hub.webhooks(), access));
    addMirrors(routes, new MirrorsHandler(hub.mirrors(), access));
    addFeeds(routes, new FeedHandler(hub.feeds(), access));
    JwksHandler jwks = new JwksHandler(hub.keys());
    routes.add(
        documented(
            GET,
            "/api/keys/jwks.json",
            jwks,
            ApiDoc.of("The hub's public signing keys (JWKS)").withOk("JWKS", Schema.ref("Jwks"))));
    routes.add(
        documented(
            GET,
            "/.well-known/jwks.json",
            jwks,
            ApiDoc.of("The hub's public signing keys (JWKS), well-known location")
                .withOk("JWKS", Schema.ref("Jwks"))));
    List<ApiRoute> described = routes;
    routes.add(
        documented(
            GET,
            "/api/openapi.json",
            new OpenApiHandler(() -> List.copyOf(described)),
            ApiDoc.of("This description").withOk("OpenAPI 3", Schema.OBJECT)));
    addHubRoutes(routes, hub, access, authenticator, maxCommitBytes);
    return List.copyOf(routes);
  }

  /** The health routes (liveness, readiness, both with the index's failures) and the metrics. */
  private static void addHealth(
      List<ApiRoute> routes, HealthHandler health, Optional<MetricsHandler> metrics) {
    routes.add(
        documented(
            GET,
            "/health",
            health,
            ApiDoc.of(
                    "Health: degraded when the index could not read some refs; with liveness,"
                        + " readiness and this instance's positions")
                .withOk(
                    "up: status ok or degraded; when degraded, failureCount and failures: the failures of the"
                        + " repositories the caller may read; live, ready (reasons when not) and instance",
                    Schema.ref("Health"))));
    routes.add(
        documented(
            GET,
            "/health/live",
            health::live,
            ApiDoc.of("Liveness: 200 while the process serves, nothing else checked")
                .withOk("live", Schema.ref("Liveness"))));
    routes.add(
        documented(
            GET,
            "/health/ready",
            health::ready,
            ApiDoc.of(
                    "Readiness, for a load balancer: 200 when the index answers, the data folder is"
                        + " readable, ingestion is not far behind and the server is not shutting down")
                .withOk("ready", Schema.ref("Readiness"))
                .withAnswer(503, "not ready, with the reasons", Schema.ref("Readiness"))));
    metrics.ifPresent(
        handler ->
            routes.add(
                documented(
                    GET,
                    "/metrics",
                    handler,
                    ApiDoc.of(
                            "Prometheus metrics (text exposition format): requests, latencies,"
                                + " ingestion, jobs, webhooks, caches, JVM; no repository is named")
                        .withOk("metrics", "text/plain", Schema.STRING))));
  }

  /** The evaluation jobs of the hub's runner (docs/RUNNER.md). */
  private static void addJobs(List<ApiRoute> routes, JobsHandler jobs) {
    routes.add(
        documented(
            POST,
            JobsHandler.JOBS,
            jobs::request,
            ApiDoc.of(
                    "Queue an evaluation by the hub's runner: {model, revision?, benchmark, task};"
                        + " the commits are pinned now")
                .withBody(ApiDoc.JSON, Schema.OBJECT)
                .withOk("the queued job", Schema.OBJECT)
                .withErrors(400, 401, 403, 404, 409)));
    routes.add(
        documented(
            GET,
            JobsHandler.JOBS,
            jobs::list,
            ApiDoc.of("The evaluation jobs the caller can see, newest first (at most 500)")
                .withQuery("model", false, "only the jobs of this model, NS/NAME", Schema.STRING)
                .withQuery(
                    "state",
                    false,
                    "only the jobs in this state: queued, running, succeeded, failed, cancelled",
                    Schema.STRING)
                .withOk("jobs", Schema.OBJECTS)));
    routes.add(
        documented(
            GET,
            JobsHandler.JOB,
            jobs::get,
            ApiDoc.of("An evaluation job: state, attempt, reason, pull request")
                .withOk("the job", Schema.OBJECT)
                .withErrors(404)));
    routes.add(
        documented(
            GET,
            JobsHandler.JOB + "/log",
            jobs::log,
            ApiDoc.of("An evaluation job's log (its command's output, every attempt), as text")
                .withOk("the log", Schema.STRING)
                .withErrors(404)));
    routes.add(
        documented(
            POST,
            JobsHandler.JOB + "/cancel",
            jobs::cancel,
            ApiDoc.of("Cancel a queued or running job (its requester or a model writer)")
                .withOk("the job", Schema.OBJECT)
                .withErrors(401, 403, 404, 409)));
    routes.add(
        documented(
            POST,
            JobsHandler.JOB + "/retry",
            jobs::retry,
            ApiDoc.of("Queue a failed or cancelled job again (its requester or a model writer)")
                .withOk("the job", Schema.OBJECT)
                .withErrors(401, 403, 404, 409)));
  }

  /** Webhooks as on the Hugging Face Hub (docs/WEBHOOKS.md). */
  private static void addMirrors(List<ApiRoute> routes, MirrorsHandler mirrors) {
    routes.add(
        documented(
            GET,
            MirrorsHandler.MIRRORS,
            mirrors::list,
            ApiDoc.of(
                    "The mirrors of other hubs: source, kind, interval, last refresh and success,"
                        + " problems, and per repository its origin, revisions and problem")
                .withOk("mirrors", Schema.OBJECTS)));
    routes.add(
        documented(
            POST,
            MirrorsHandler.REFRESH,
            mirrors::refresh,
            ApiDoc.of("Ask a background refresh of a mirror (a write token; at most once per 30 s)")
                .withAnswer(202, "the mirror's state now; the refresh runs after", Schema.OBJECT)
                .withErrors(401, 403, 404)));
  }

  private static void addWebhooks(List<ApiRoute> routes, WebhooksHandler webhooks) {
    String one = WebhooksHandler.WEBHOOK;
    ApiDoc.Schema webhook = Schema.OBJECT;
    routes.add(
        documented(
            GET,
            WebhooksHandler.WEBHOOKS,
            webhooks::list,
            ApiDoc.of("The caller's webhooks (never their secrets: secretSet)")
                .withOk("webhooks", Schema.OBJECTS)
                .withErrors(401)));
    routes.add(
        documented(
            POST,
            WebhooksHandler.WEBHOOKS,
            webhooks::create,
            ApiDoc.of(
                    "Create a webhook: {watched: [{type: model|dataset|user|org, name}], url,"
                        + " domains?: [repo, discussion], secret?}; a write token")
                .withBody(ApiDoc.JSON, Schema.OBJECT)
                .withOk("{webhook}", webhook)
                .withErrors(400, 401, 403, 404)));
    routes.add(
        documented(
            GET,
            one,
            webhooks::get,
            ApiDoc.of("One of the caller's webhooks")
                .withOk("{webhook}", webhook)
                .withErrors(401, 404)));
    routes.add(
        documented(
            POST,
            one,
            webhooks::update,
            ApiDoc.of("Replace a webhook's settings (an absent secret is kept)")
                .withBody(ApiDoc.JSON, Schema.OBJECT)
                .withOk("{webhook}", webhook)
                .withErrors(400, 401, 403, 404)));
    routes.add(
        documented(
            DELETE,
            one,
            webhooks::delete,
            ApiDoc.of("Delete a webhook").withOk("{}", Schema.OBJECT).withErrors(401, 403, 404)));
    routes.add(
        documented(
            POST,
            one + "/enable",
            webhooks::enable,
            ApiDoc.of("Enable a webhook").withOk("{webhook}", webhook).withErrors(401, 403, 404)));
    routes.add(
        documented(
            POST,
            one + "/disable",
            webhooks::disable,
            ApiDoc.of("Disable a webhook").withOk("{webhook}", webhook).withErrors(401, 403, 404)));
    routes.add(
        documented(
            GET,
            one + "/deliveries",
            webhooks::deliveries,
            ApiDoc.of(
                    "A webhook's delivery log, newest first (the last 200 attempts: time, deliveryId,"
                        + " event, attempt, status or error, durationMs, outcome)")
                .withOk("attempts", Schema.OBJECTS)
                .withErrors(401, 404)));
  }

  /** The Atom change feeds. */
  private static void addFeeds(List<ApiRoute> routes, FeedHandler feeds) {
    String atom = "application/atom+xml";
    routes.add(
        documented(
            GET,
            FeedHandler.HUB,
            feeds::hub,
            ApiDoc.of("The hub's change feed (Atom; public repositories only)")
                .withOk("Atom feed", atom, Schema.STRING)));
    routes.add(
        documented(
            GET,
            FeedHandler.DATASET,
            feeds::dataset,
            ApiDoc.of("A benchmark's change feed (Atom): its events and the results naming it")
                .withOk("Atom feed", atom, Schema.STRING)
                .withErrors(404)));
    routes.add(
        documented(
            GET,
            FeedHandler.MODEL,
            feeds::model,
            ApiDoc.of("A model's change feed (Atom)")
                .withOk("Atom feed", atom, Schema.STRING)
                .withErrors(404)));
  }

  /** A task's leaderboard as a CSV or Parquet file: the JSON route's rows, as a table. */
  private static void addLeaderboardExports(
      List<ApiRoute> routes, EvalHub hub, Authenticator authenticator) {
    for (LeaderboardExportHandler.Format format : LeaderboardExportHandler.Format.values()) {
      routes.add(
          documented(
              GET,
              format.path(),
              new LeaderboardExportHandler(hub.leaderboards(), authenticator, format),
              ApiDoc.of(
                      "A task's leaderboard as a "
                          + format.name()
                          + " file: every row of every methodology group, with rank, value,"
                          + " stderr, num_samples, n, the 95% CI, rank_upper, tier, group,"
                          + " methodology, provenance, badges, date, source and claims; then the"
                          + " rows flagged outside the task's range (rank 0, flag)")
                  .withQuery("task_id", false, "task id (default: the first task)", Schema.STRING)
                  .withQuery(
                      "base_model",
                      false,
                      "false lists models with a base_model too",
                      Schema.BOOLEAN)
                  .withOk(
                      "the file (Content-Disposition: attachment)",
                      format.mediaType(),
                      Schema.BINARY)
                  .withErrors(401, 404)));
    }
  }

  /** Discussions and pull requests, as the Python client's {@code HfApi} calls them. */
  private static void addDiscussions(List<ApiRoute> routes, DiscussionsHandler discussions) {
    String path = DiscussionsHandler.PATH;
    routes.add(
        documented(
            GET,
            path,
            discussions::list,
            ApiDoc.of("List discussions and pull requests (HfApi shape)")
                .withOk(DISCUSSION, Schema.OBJECT)
                .withErrors(400, 404)));
    routes.add(
        documented(
            POST,
            path,
            discussions::create,
            ApiDoc.of("Open a discussion or pull request (pullRequest: true)")
                .withOk(DISCUSSION, Schema.OBJECT)
                .withErrors(400, 401, 403, 404)));
    routes.add(
        documented(
            GET,
            path + "/{num}",
            discussions::details,
            ApiDoc.of("A discussion or pull request with its events")
                .withOk(DISCUSSION, Schema.OBJECT)
                .withErrors(404)));
    routes.add(
        documented(
            POST,
            path + "/{num}/comment",
            discussions::comment,
            ApiDoc.of("Comment").withOk(DISCUSSION, Schema.OBJECT).withErrors(400, 401, 403, 404)));
    // The Python client POSTs the status; PATCH is accepted as well.
    ApiDoc status =
        ApiDoc.of("Change the status (open, closed)")
            .withOk(DISCUSSION, Schema.OBJECT)
            .withErrors(400, 401, 403, 404);
    routes.add(documented(POST, path + "/{num}/status", discussions::status, status));
    routes.add(documented(PATCH, path + "/{num}/status", discussions::status, status));
    routes.add(
        documented(
            POST,
            path + "/{num}/merge",
            discussions::merge,
            ApiDoc.of("Merge a pull request into main")
                .withOk(DISCUSSION, Schema.OBJECT)
                .withErrors(401, 403, 404, 409)));
  }

  /** Flags and disputes on a model's results (issue 14). */
  private static void addFlags(List<ApiRoute> routes, FlagsHandler flags) {
    String path = FlagsHandler.PATH;
    routes.add(
        documented(
            POST,
            path,
            flags::raise,
            ApiDoc.of(
                    "Flag a result of the model: {category: contamination|irreproducible|"
                        + "wrong-methodology|other, target: {filename, dataset, task_id, notes?},"
                        + " evidence, links[]}")
                .withOk("the flag", Schema.OBJECT)
                .withErrors(400, 401, 403, 404)));
    routes.add(
        documented(
            GET,
            path,
            flags::list,
            ApiDoc.of("The model's flags")
                .withQuery("status", false, "open, upheld or rejected", Schema.STRING)
                .withOk("{flags, count}", Schema.OBJECT)
                .withErrors(400, 404)));
    routes.add(
        documented(
            GET,
            path + "/{num}",
            flags::details,
            ApiDoc.of("A flag with its events").withOk("the flag", Schema.OBJECT).withErrors(404)));
    routes.add(
        documented(
            POST,
            path + "/{num}/comment",
            flags::comment,
            ApiDoc.of("Comment on a flag (the flagger and the model's writers)")
                .withOk("the flag", Schema.OBJECT)
                .withErrors(400, 401, 403, 404)));
    routes.add(
        documented(
            POST,
            path + "/{num}/resolve",
            flags::resolve,
            ApiDoc.of(
                    "Resolve a flag: {resolution: upheld|rejected, comment} (the model's writers)")
                .withOk("the flag", Schema.OBJECT)
                .withErrors(400, 401, 403, 404, 409)));
  }

  /** The Hugging Face routes that evalhub serves as the Hub does: not documented here. */
  private static void addHubRoutes(
      List<ApiRoute> routes,
      EvalHub hub,
      RequestAccess access,
      Authenticator authenticator,
      long maxCommitBytes) {
    routes.add(
        new ApiRoute(
            DELETE, "/api/repos/delete", new DeleteRepoHandler(hub.repositories(), access)));
    routes.add(new ApiRoute(GET, "/api/whoami-v2", new WhoAmIHandler(hub.accounts())));
    routes.add(new ApiRoute(GET, "/api/models", new RepoListHandler(RepoType.MODEL, access, hub)));
    routes.add(new ApiRoute(GET, "/api/datasets/{ns}/{name}", new RepoInfoHandler(access, hub)));
    for (RepoType type : RepoType.values()) {
      String api = "/api/" + type.plural();
      routes.add(
          new ApiRoute(
              GET, api + "/{ns}/{name}/revision/<tail>", new RepoInfoHandler(access, hub)));
      routes.add(new ApiRoute(GET, api + "/{ns}/{name}/tree/<tail>", new TreeHandler(access, hub)));
      routes.add(
          new ApiRoute(
              POST, api + "/{ns}/{name}/preupload/<tail>", new PreuploadHandler(hub, access)));
      routes.add(
          new ApiRoute(
              POST, api + "/{ns}/{name}/paths-info/<tail>", new PathsInfoHandler(access, hub)));
      routes.add(
          new ApiRoute(
              POST,
              api + "/{ns}/{name}/commit/<tail>",
              new CommitHandler(access, hub, maxCommitBytes)));
      FileHandler files = new FileHandler(access, hub);
      for (String kind : new String[] {"resolve", "raw"}) {
        String path = "/" + type.urlPrefix() + "{ns}/{name}/" + kind + "/<tail>";
        routes.add(new ApiRoute(GET, path, files));
        routes.add(new ApiRoute(HEAD, path, files));
      }
    }
  }
}
