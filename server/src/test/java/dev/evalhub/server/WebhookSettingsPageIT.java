package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Role;
import dev.evalhub.server.testing.TestHub;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhooks settings page: a signed-in account creates, disables and deletes its webhooks with
 * CSRF-checked forms; a visitor is asked to sign in; a form without the session's token changes
 * nothing.
 */
class WebhookSettingsPageIT {

  @TempDir Path temp;

  @Test
  void aSignedInAccountCreatesDisablesAndDeletesItsWebhooks() throws Exception {
    try (TestHub hub = new TestHub(temp.resolve("data")).user("alice").repo("alice/gpt", false)) {
      String token = hub.token("alice", Role.WRITE);
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      String csrf = csrf(get(browser, hub, "/login").body());
      post(browser, hub, "/login", "csrf=" + csrf + "&token=" + token);
      String empty = get(browser, hub, "/settings/webhooks").body();
      csrf = csrf(empty);

      HttpResponse<String> forged =
          post(
              browser,
              hub,
              "/settings/webhooks",
              "csrf=wrong&type=model&name=alice/gpt&url=http://127.0.0.1:9/h&domain=repo");
      HttpResponse<String> created =
          post(
              browser,
              hub,
              "/settings/webhooks",
              "csrf="
                  + csrf
                  + "&type=model&name=alice/gpt&domain=repo&secret=s&url="
                  + URLEncoder.encode("http://127.0.0.1:9/h?a=1&b=2", StandardCharsets.UTF_8));
      String listed = get(browser, hub, "/settings/webhooks").body();
      Matcher id = Pattern.compile("id=\"webhook-([0-9a-f]{24})\"").matcher(listed);
      assertThat(id.find()).as(listed).isTrue();
      post(browser, hub, "/settings/webhooks/" + id.group(1) + "/disable", "csrf=" + csrf);
      String disabled = get(browser, hub, "/settings/webhooks").body();
      post(browser, hub, "/settings/webhooks/" + id.group(1) + "/delete", "csrf=" + csrf);
      String deleted = get(browser, hub, "/settings/webhooks").body();

      assertThat(empty).contains("id=\"no-webhooks\"");
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(created.statusCode()).isEqualTo(303);
      assertThat(listed)
          .contains("model alice/gpt", "secret set", "http://127.0.0.1:9/h?a=1&amp;b=2");
      assertThat(disabled).contains("(disabled)", "/enable\"");
      assertThat(deleted).contains("id=\"no-webhooks\"");
      assertThat(get(HttpClient.newHttpClient(), hub, "/settings/webhooks").statusCode())
          .isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(HttpClient client, TestHub hub, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient client, TestHub hub, String path, String form)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String page) {
    Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find()).as(page).isTrue();
    return matcher.group(1);
  }
}
