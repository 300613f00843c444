package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which URLs a webhook may name, and the backoff between attempts. */
class WebhookOptionsTest {

  private final WebhookOptions defaults = WebhookOptions.defaults("http://hub.example");

  @Test
  void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreAccepted() {
    assertThat(defaults.check("https://example.com/hook").getHost()).isEqualTo("example.com");
    assertThat(defaults.check("http://127.0.0.1:9/h").getPort()).isEqualTo(9);
    for (String bad :
        new String[] {
          "ftp://example.com/x",
          "file:///etc/passwd",
          "example.com/x",
          "http:///x",
          "https://user:pw@example.com/",
          "",
          "http://exa mple.com/"
        }) {
      assertThatThrownBy(() -> defaults.check(bad))
          .as(bad)
          .isInstanceOf(HubException.class)
          .extracting(e -> ((HubException) e).kind())
          .isEqualTo(HubException.Kind.INVALID);
    }
  }

  @Test
  void anOperatorCanForbidPrivateAddressesAndLimitHosts() {
    WebhookOptions strict = defaults.withAddressPolicy(false, Set.of());
    WebhookOptions listed = defaults.withAddressPolicy(true, Set.of("Hooks.Example.com"));

    for (String internal :
        new String[] {
          "http://127.0.0.1/",
          "http://localhost:8080/",
          "http://10.1.2.3/",
          "http://192.168.0.1/",
          "http://169.254.169.254/latest/meta-data",
          "http://[::1]/",
          "http://[fd00::1]/",
          "http://100.64.0.1/",
          "http://0.0.0.0/"
        }) {
      assertThatThrownBy(() -> strict.check(internal))
          .as(internal)
          .hasMessageContaining("non-public addresses");
    }
    assertThat(strict.check("http://8.8.8.8/hook").getHost()).isEqualTo("8.8.8.8");
    assertThat(listed.check("https://hooks.example.com/x").getHost())
        .isEqualTo("hooks.example.com");
    assertThatThrownBy(() -> listed.check("https://other.example.com/x"))
        .hasMessageContaining("does not deliver webhooks to the host other.example.com");
  }

  @Test
  void eachRetryWaitsTwiceAsLongAsTheOneBefore() {
    assertThat(defaults.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.backoff(7)).isEqualTo(Duration.ofSeconds(64));
  }
}
