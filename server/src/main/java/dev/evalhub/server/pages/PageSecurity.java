package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.WebSession;
import dev.evalhub.domain.account.WebSessionStore;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.service.AccountService;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The security rules of the pages in one place: the session cookie (HttpOnly, SameSite=Lax, Secure
 * over https), the caller a session stands for, the CSRF check of every POST and the response
 * headers of every page (Content-Security-Policy, nosniff). Thread-safe.
 */
final class PageSecurity {

  static final String COOKIE = "evalhub_session";
  static final String CSRF_FIELD = "csrf";

  /**
   * No script at all, styles and images from the hub only, forms post to the hub only, no framing.
   */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'";

  /** The embeddable leaderboard is the one page other sites may frame. */
  static final String EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *");

  private final WebSessionStore sessions;
  private final AccountService accounts;

  PageSecurity(AccountService accounts) {
    this.accounts = accounts;
    // Several instances on PostgreSQL share the database's sessions; one process keeps its own.
    this.sessions = accounts.sharedSessions().orElseGet(Sessions::new);
  }

  /** The request's session, created (and its cookie set) on the first visit. */
  WebSession session(Context ctx) {
    return sessions
        .find(ctx.cookie(COOKIE))
        .orElseGet(
            () -> {
              WebSession created = sessions.create();
              setCookie(ctx, created.id());
              return created;
            });
  }

  /** Who the session signed in as: empty for visitors and for a token revoked since. */
  Optional<Caller> caller(WebSession session) {
    return accounts.authenticateSession(session);
  }

  /**
   * The request's session if it has one (no session is created: a page view that shows no form
   * needs none).
   */
  Optional<WebSession> existing(Context ctx) {
    return sessions.find(ctx.cookie(COOKIE));
  }

  /**
   * The frame of a page for the request's session {@code session} (empty: a visitor without one,
   * whose session is created, and its cookie set, only when the page asks for the CSRF token of a
   * form).
   */
  Chrome chrome(Context ctx, String title, Optional<WebSession> session) {
    Supplier<String> csrf =
        session.isPresent()
            ? session.get()::csrf
            : new Supplier<>() {
              private String created;

              @Override
              public synchronized String get() {
                if (created == null) {
                  created = session(ctx).csrf();
                }
                return created;
              }
            };
    return new Chrome(
        title, session.flatMap(this::caller).map(Caller::user).orElse(null), csrf, null);
  }

  Chrome chrome(Context ctx, String title) {
    return chrome(ctx, title, existing(ctx));
  }

  /**
   * The session of a POST whose form carries the session's CSRF token; otherwise 403 and nothing
   * happens.
   */
  WebSession checkedPost(Context ctx) {
    return checkedPost(ctx, ctx.formParam(CSRF_FIELD));
  }

  /** As {@link #checkedPost(Context)}, with the CSRF token a multipart form sent. */
  WebSession checkedPost(Context ctx, String sent) {
    Optional<WebSession> session = sessions.find(ctx.cookie(COOKIE));
    if (session.isEmpty()
        || sent == null
        || !MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            session.get().csrf().getBytes(StandardCharsets.UTF_8))) {
      throw HubException.forbidden(
          "the form is missing its CSRF token or the session expired; reload the page");
    }
    return session.get();
  }

  /**
   * Signs the session in with {@code token} when it names a live account; the session id changes.
   */
  Optional<Caller> signIn(Context ctx, WebSession session, String token) {
    Optional<Caller> caller = accounts.authenticate(token.strip());
    caller.ifPresent(
        c -> setCookie(ctx, sessions.signIn(session, accounts.sessionDigest(token.strip())).id()));
    return caller;
  }

  void signOut(Context ctx, WebSession session) {
    sessions.remove(session.id());
    setCookie(ctx, sessions.create().id());
  }

  static void headers(Context ctx, String csp) {
    ctx.header("Content-Security-Policy", csp);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    // Pages show what a session may do; a shared cache must never hand them to someone else.
    ctx.header("Cache-Control", "private, no-cache");
  }

  private static void setCookie(Context ctx, String id) {
    // A session cookie (no max-age): name, value, path, max-age, secure, http-only, domain,
    // same-site.
    ctx.cookie(
        new Cookie(
            COOKIE, id, "/", -1, "https".equalsIgnoreCase(ctx.scheme()), true, null, SameSite.LAX));
  }
}
