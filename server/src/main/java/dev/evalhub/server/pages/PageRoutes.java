package dev.evalhub.server.pages;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.server.ApiRoute;
import dev.evalhub.server.FirstSteps;
import dev.evalhub.server.internal.ApiErrors;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.FilesView;
import dev.evalhub.server.pages.view.LeaderboardQuery;
import dev.evalhub.server.pages.view.MessageView;
import dev.evalhub.service.EvalHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web pages' route table, in the same {@link ApiRoute} records as the API's (never documented).
 * Registered after the API (so {@code /api/...} wins over {@code /{ns}/{name}}) and behind the git
 * filter (so {@code .../info/refs} never reaches them); dataset routes come before model routes
 * because {@code /datasets/x/...} would otherwise read as the model {@code datasets/x}. Each
 * handler parses the request, makes one page-service call and renders. Thread-safe.
 */
public final class PageRoutes {

  private final PageSecurity security;
  private final PageRenderer renderer = new PageRenderer();
  private final HomePages home;
  private final BenchmarkPages benchmarks;
  private final ComparePages compares;
  private final ModelPages models;
  private final PullRequestPages pullRequests;
  private final HistoryPages history;
  private final JobPages jobs;
  private final FilePages files;
  private final ImportRoutes imports;
  private final dev.evalhub.service.FlagService flags;
  private final WebhookPages webhooks;
  private final String dataDir;
  private final MirrorBanners mirrorBanners;

  private PageRoutes(EvalHub hub) {
    this.mirrorBanners = new MirrorBanners(hub.mirrors());
    this.dataDir = hub.dataDir().toString();
    this.security = new PageSecurity(hub.accounts());
    this.home = new HomePages(hub.leaderboards(), hub.repositories());
    this.compares = new ComparePages(hub.leaderboards());
    this.benchmarks =
        new BenchmarkPages(
            hub.leaderboards(),
            hub.lineage(),
            hub.contents(),
            hub.formats(),
            // as many as the index caches leaderboards (LeaderboardCache.MAX_ENTRIES)
            new ResultsChartSvgs(renderer, 1_000),
            hub.jobs());
    this.models =
        new ModelPages(
            hub.leaderboards(),
            hub.lineage(),
            hub.contents(),
            hub.pullRequests(),
            hub.formats(),
            hub.jobs());
    this.pullRequests =
        new PullRequestPages(hub.pullRequests(), hub.history(), hub.jobs(), hub.flags());
    this.history = new HistoryPages(hub.history());
    this.flags = hub.flags();
    this.jobs = new JobPages(hub.jobs());
    this.files = new FilePages(hub.contents());
    this.imports = new ImportRoutes(security, renderer, new ImportPages(hub.imports()));
    this.webhooks = new WebhookPages(hub.webhooks(), security, renderer);
  }

  /** The pages' routes, in the order the server registers them (after the API's). */
  public static List<ApiRoute> table(EvalHub hub) {
    return new PageRoutes(hub).table();
  }

  private List<ApiRoute> table() {
    List<ApiRoute> routes = new ArrayList<>();
    routes.add(new ApiRoute(GET, StaticFiles.CSS_PATH, StaticFiles::css));
    routes.add(
        new ApiRoute(
            GET,
            "/",
            page(
                "Benchmarks",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "home.jte",
                        home.home(
                            chrome, new FirstSteps(ctx.scheme() + "://" + ctx.host(), dataDir))))));
    routes.add(
        new ApiRoute(
            GET,
            "/search",
            page(
                "Search",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "search.jte",
                        home.search(
                            chrome,
                            Optional.ofNullable(ctx.queryParam("q")).orElse(""),
                            caller)))));
    routes.add(
        new ApiRoute(
            GET,
            "/login",
            page(
                "Sign in",
                (ctx, chrome, caller) ->
                    renderer.page(ctx, "login.jte", new MessageView(chrome, 200, "")))));
    routes.add(new ApiRoute(POST, "/login", this::signIn));
    routes.add(
        new ApiRoute(
            POST,
            "/logout",
            ctx -> {
              security.signOut(ctx, security.checkedPost(ctx));
              ctx.redirect("/", HttpStatus.SEE_OTHER);
            }));
    routes.add(new ApiRoute(POST, "/jobs", this::requestJob));
    routes.add(new ApiRoute(POST, "/{ns}/{name}/flags", this::raiseFlag));
    // Before /{ns}/{name}, which would read /settings/webhooks as a model.
    routes.addAll(webhooks.routes());
    routes.add(
        new ApiRoute(
            GET,
            "/jobs/{id}",
            page(
                "Evaluation job",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx, "job.jte", jobs.page(chrome, ctx.pathParam("id"), caller)))));
    routes.add(
        new ApiRoute(
            GET,
            "/datasets/{ns}/{name}",
            page(
                "Benchmark",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "benchmark.jte",
                        benchmarks.page(
                            mirrorBanners.on(chrome, repo(ctx, RepoType.DATASET), caller),
                            repo(ctx, RepoType.DATASET),
                            query(ctx, "task"),
                            caller)))));
    routes.add(
        new ApiRoute(
            GET,
            "/datasets/{ns}/{name}/compare",
            page(
                "Compare",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "compare.jte",
                        compares.page(
                            chrome,
                            repo(ctx, RepoType.DATASET),
                            queryParams(ctx, "task_id", "a", "b", "group", "filter"),
                            caller)))));
    routes.add(
        new ApiRoute(
            GET,
            "/datasets/{ns}/{name}/embed/leaderboard",
            page(
                "Leaderboard",
                (ctx, chrome, caller) ->
                    renderer.embeddable(
                        ctx,
                        "embed.jte",
                        benchmarks.page(
                            chrome,
                            repo(ctx, RepoType.DATASET),
                            query(ctx, "leaderboard_task_id"),
                            caller)))));
    for (RepoType type : new RepoType[] {RepoType.DATASET, RepoType.MODEL}) {
      String base = "/" + type.urlPrefix() + "{ns}/{name}";
      routes.add(
          new ApiRoute(
              GET,
              base + "/discussions/{num}",
              page(
                  "Pull request",
                  (ctx, chrome, caller) ->
                      renderer.page(
                          ctx,
                          "pull-request.jte",
                          pullRequests.page(chrome, repo(ctx, type), number(ctx), caller)))));
      routes.add(new ApiRoute(POST, base + "/discussions/{num}/{action}", ctx -> act(ctx, type)));
      routes.add(new ApiRoute(GET, base + "/tree/<tail>", filesPage("Files", type, files::tree)));
      routes.add(new ApiRoute(GET, base + "/blob/<tail>", filesPage("File", type, files::blob)));
    }
    routes.add(
        new ApiRoute(
            GET,
            "/{ns}/{name}/history",
            page(
                "Result history",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "history.jte",
                        history.page(
                            chrome,
                            repo(ctx, RepoType.MODEL),
                            Optional.ofNullable(ctx.queryParam("task")).filter(t -> !t.isBlank()),
                            caller)))));
    routes.add(new ApiRoute(POST, "/{ns}/{name}/import", imports::preview));
    routes.add(new ApiRoute(POST, "/{ns}/{name}/import/open", imports::open));
    routes.add(
        new ApiRoute(
            GET,
            "/{ns}/{name}",
            page(
                "Model",
                (ctx, chrome, caller) ->
                    renderer.page(
                        ctx,
                        "model.jte",
                        models.page(
                            mirrorBanners.on(chrome, repo(ctx, RepoType.MODEL), caller),
                            repo(ctx, RepoType.MODEL),
                            caller)))));
    return List.copyOf(routes);
  }

  /** One view of a repository's files at {@code tail}'s revision and path (a folder or a file). */
  @FunctionalInterface
  private interface FilesPage {
    FilesView view(
        Chrome chrome, RepoId repo, String revision, String path, Optional<Caller> caller);
  }

  private Handler filesPage(String title, RepoType type, FilesPage view) {
    return page(
        title,
        (ctx, chrome, caller) -> {
          String[] revisionAndPath = revisionAndPath(ctx.pathParam("tail"));
          renderer.page(
              ctx,
              "files.jte",
              view.view(chrome, repo(ctx, type), revisionAndPath[0], revisionAndPath[1], caller));
        });
  }

  /** A page handler: what it needs of the session, and refusals rendered as an error page. */
  private interface PageHandler {
    void handle(Context ctx, Chrome chrome, Optional<Caller> caller) throws Exception;
  }

  private Handler page(String title, PageHandler handler) {
    return ctx -> {
      // No session is created for a page that shows no form (see PageSecurity.chrome).
      Optional<WebSession> session = security.existing(ctx);
      Optional<Caller> caller = session.flatMap(security::caller);
      Chrome chrome = security.chrome(ctx, title, session);
      try {
        handler.handle(ctx, chrome, caller);
      } catch (HubException e) {
        renderer.error(ctx, chrome, e);
      }
    };
  }

  private void signIn(Context ctx) {
    WebSession session = security.checkedPost(ctx);
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("");
    if (security.signIn(ctx, session, token).isPresent()) {
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    int status = ApiErrors.status(HubException.Kind.UNAUTHENTICATED);
    ctx.status(status);
    renderer.page(
        ctx,
        "login.jte",
        new MessageView(
            new Chrome("Sign in", null, session.csrf()),
            status,
            "That token matches no account (or it was revoked)."));
  }

  /**
   * {@code POST /jobs}, the "Evaluate with this hub's runner" forms: requests the job as the
   * signed-in account and shows its page; a refusal is a message page with the service's text.
   */
  private void requestJob(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Evaluation job");
    try {
      WebSession session = security.checkedPost(ctx);
      Caller caller =
          security
              .caller(session)
              .orElseThrow(
                  () ->
                      new HubException(
                          HubException.Kind.UNAUTHENTICATED, "sign in to request an evaluation"));
      JobId id =
          jobs.request(
              caller,
              ctx.formParam("model"),
              ctx.formParam("revision"),
              ctx.formParam("benchmark"),
              ctx.formParam("task"));
      ctx.redirect("/jobs/" + id.value(), HttpStatus.SEE_OTHER);
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  /**
   * {@code POST /NS/NAME/flags}, the model page's "Flag this result" form (issue 14): raises the
   * flag as the signed-in account and shows its page; links are one per line.
   */
  private void raiseFlag(Context ctx) {
    Chrome chrome = security.chrome(ctx, "Flag");
    try {
      WebSession session = security.checkedPost(ctx);
      Caller caller =
          security
              .caller(session)
              .orElseThrow(
                  () ->
                      new HubException(
                          HubException.Kind.UNAUTHENTICATED, "sign in to flag a result"));
      RepoId model = repo(ctx, RepoType.MODEL);
      java.util.List<String> links =
          Optional.ofNullable(ctx.formParam("links"))
              .orElse("")
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .toList();
      dev.evalhub.domain.pr.PullRequest flag =
          flags.raise(
              model,
              caller,
              dev.evalhub.domain.pr.NewFlag.of(
                  ctx.formParam("category"),
                  ctx.formParam("filename"),
                  ctx.formParam("dataset"),
                  ctx.formParam("task_id"),
                  ctx.formParam("notes"),
                  ctx.formParam("evidence"),
                  links));
      ctx.redirect(
          "/" + model.urlPath() + "/discussions/" + flag.number().value(), HttpStatus.SEE_OTHER);
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    }
  }

  private void act(Context ctx, RepoType type) {
    Chrome chrome = security.chrome(ctx, "Pull request");
    try {
      WebSession session = security.checkedPost(ctx);
      Caller caller =
          security
              .caller(session)
              .orElseThrow(
                  () ->
                      new HubException(
                          HubException.Kind.UNAUTHENTICATED,
                          "sign in to take part in pull requests"));
      RepoId repo = repo(ctx, type);
      PrNumber number = number(ctx);
      PullRequestPages.Action action =
          PullRequestPages.Action.valueOf(ctx.pathParam("action").toUpperCase(Locale.ROOT));
      pullRequests.act(repo, number, caller, action, ctx.formParam("comment"));
      ctx.redirect("/" + repo.urlPath() + "/discussions/" + number.value(), HttpStatus.SEE_OTHER);
    } catch (HubException e) {
      renderer.error(ctx, chrome, e);
    } catch (IllegalArgumentException e) {
      renderer.error(
          ctx, chrome, HubException.notFound("no such action: " + ctx.pathParam("action")));
    }
  }

  static RepoId repo(Context ctx, RepoType type) {
    String path = type.urlPrefix() + ctx.pathParam("ns") + "/" + ctx.pathParam("name");
    return RepoId.parsePath(path).orElseThrow(() -> HubException.repoNotFound(path));
  }

  private static PrNumber number(Context ctx) {
    return PrNumber.parse(ctx.pathParam("num"));
  }

  /**
   * {@code refs/pr/1/dir/f} → revision {@code refs/pr/1}, path {@code dir/f}; {@code main/f} →
   * main, f.
   */
  static String[] revisionAndPath(String tail) {
    String[] segments = tail.split("/", -1);
    int revisionSegments = Math.min(RefName.revisionSegments(tail), segments.length);
    String revision = String.join("/", java.util.Arrays.copyOfRange(segments, 0, revisionSegments));
    String path =
        String.join("/", java.util.Arrays.copyOfRange(segments, revisionSegments, segments.length));
    return new String[] {
      revision, path.endsWith("/") ? path.substring(0, path.length() - 1) : path
    };
  }

  private static Map<String, String> queryParams(Context ctx, String... names) {
    Map<String, String> params = new HashMap<>();
    for (String name : names) {
      String value = ctx.queryParam(name);
      if (value != null) {
        params.put(name, value);
      }
    }
    return params;
  }

  private static LeaderboardQuery query(Context ctx, String taskParam) {
    boolean filtered = ctx.queryParam("filtered") != null;
    String sort =
        Optional.ofNullable(ctx.queryParam("sort")).orElse("rank").toUpperCase(Locale.ROOT);
    LeaderboardQuery.Sort order;
    try {
      order = LeaderboardQuery.Sort.valueOf(sort);
    } catch (IllegalArgumentException e) {
      throw HubException.invalid("sort must be rank, model or value");
    }
    // The embed's sort links use "task" like the benchmark page's; its first URL uses the Hub's
    // parameter name.
    String task =
        Optional.ofNullable(ctx.queryParam(taskParam))
            .or(() -> Optional.ofNullable(ctx.queryParam("task")))
            .orElse("");
    return new LeaderboardQuery(
        task,
        ctx.queryParam("verified") != null,
        !filtered || ctx.queryParam("community") != null,
        ctx.queryParam("base") != null,
        order,
        "base_model".equals(ctx.queryParam("fold")),
        ctx.queryParam("hide_flagged") != null);
  }
}
