package dev.evalhub.server.internal;

import dev.evalhub.storage.Accounts;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.server.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/whoami-v2}: the caller's account in the Hub's shape, with the {@code auth} object that the JS
 * client reads unconditionally ({@code auth.accessToken.createdAt}). evalhub has no e-mail addresses or billing;
 * those fields carry neutral values. Thread-safe.
 */
public final class WhoAmIHandler implements Handler {

  private final Authenticator authenticator;
  private final Accounts accounts;

  public WhoAmIHandler(Authenticator authenticator, Accounts accounts) {
    this.authenticator = authenticator;
    this.accounts = accounts;
  }

  @Override
  public void handle(Context ctx) {
    TokenInfo token = authenticator.tokenInfo(ctx.header("Authorization")).orElseThrow(() ->
        new HubException(HubException.Kind.UNAUTHENTICATED, "invalid or missing token"));
    Caller caller = new Caller(token.user(), token.role());
    List<Map<String, Object>> orgs = accounts.organisationsOf(caller.user()).stream()
        .map(org -> Map.<String, Object>of("type", "org", "name", org, "fullname", org, "id", org)).toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("type", "user");
    answer.put("id", caller.user());
    answer.put("name", caller.user());
    answer.put("fullname", caller.user());
    answer.put("email", Json.NULL);
    answer.put("emailVerified", false);
    answer.put("isPro", false);
    answer.put("canPay", false);
    answer.put("avatarUrl", "");
    answer.put("periodEnd", Json.NULL);
    answer.put("orgs", orgs);
    Map<String, Object> accessToken = new LinkedHashMap<>();
    accessToken.put("displayName", token.label());
    accessToken.put("role", token.role().id());
    accessToken.put("createdAt", token.created().toString());
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("type", "access_token");
    auth.put("accessToken", accessToken);
    answer.put("auth", auth);
    ctx.json(answer);
  }
}
