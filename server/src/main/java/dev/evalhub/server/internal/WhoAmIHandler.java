package dev.evalhub.server.internal;

import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.domain.account.WhoAmI;
import dev.evalhub.server.Json;
import dev.evalhub.service.AccountService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/whoami-v2}: the caller's account in the Hub's shape, with the {@code auth} object
 * that the JS client reads unconditionally ({@code auth.accessToken.createdAt}). evalhub has no
 * e-mail addresses or billing; those fields carry neutral values. Thread-safe.
 */
public final class WhoAmIHandler implements Handler {

  private final AccountService accounts;

  public WhoAmIHandler(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(Context ctx) {
    WhoAmI who = accounts.whoAmI(Authenticator.secret(ctx.header("Authorization")).orElse(""));
    TokenInfo token = who.token();
    List<Map<String, Object>> orgs =
        who.organisations().stream()
            .map(
                org ->
                    Map.<String, Object>of("type", "org", "name", org, "fullname", org, "id", org))
            .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("type", "user");
    answer.put("id", token.user());
    answer.put("name", token.user());
    answer.put("fullname", token.user());
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
