package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which URLs a webhook may name, and the backoff between attempts. A hub delivers only to public
 * addresses unless its operator allows private ones: the default refuses loopback, private,
 * link-local and the other non-public ranges (SSRF).
 */
class WebhookOptionsTest {

  private final WebhookOptions defaults = WebhookOptions.defaults("http://hub.example");
  private final WebhookOptions allowing = defaults.withAddressPolicy(true, Set.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9/h",
        "http://10.1.2.3/h",
        "http://172.16.0.1/h",
        "http://192.168.1.1/h",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/h",
        "http://0.0.0.0/h",
        "http://0.1.2.3/h",
        "http://198.18.0.1/h",
        "http://[::1]/h",
        "http://[fd00::1]/h",
        "http://[fe80::1]/h",
        "http://[64:ff9b::7f00:1]/h",
        "http://[::ffff:127.0.0.1]/h",
        "http://224.0.0.1/h"
      })
  void theDefaultRefusesNonPublicAddresses(String url) {
    assertThat(defaults.allowPrivateAddresses()).isFalse();
    assertThatThrownBy(() -> defaults.check(url))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("does not deliver webhooks to non-public addresses");
  }

  @Test
  void publicAddressesAreAcceptedAndAnOperatorMayAllowPrivateOnes() {
    assertThat(defaults.check("https://93.184.216.34/hook").getHost()).isEqualTo("93.184.216.34");
    assertThat(defaults.check("http://8.8.8.8/hook").getHost()).isEqualTo("8.8.8.8");
    assertThat(allowing.check("http://127.0.0.1:9/h").getPort()).isEqualTo(9);
  }

  @Test
  void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreAccepted() {
    assertThat(allowing.check("https://example.com/hook").getHost()).isEqualTo("example.com");
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
      assertThatThrownBy(() -> allowing.check(bad))
          .as(bad)
          .isInstanceOf(HubException.class)
          .extracting(e -> ((HubException) e).kind())
          .isEqualTo(HubException.Kind.INVALID);
    }
  }

  @Test
  void anAllowListNamesTheOnlyHosts() {
    WebhookOptions listed = defaults.withAddressPolicy(true, Set.of("Hooks.Example.com"));

    assertThat(listed.check("https://hooks.example.com/x").getHost())
        .isEqualTo("hooks.example.com");
    assertThatThrownBy(() -> listed.check("https://other.example.com/x"))
        .hasMessageContaining("does not deliver webhooks to the host other.example.com");
    assertThatThrownBy(() -> listed.check("http://127.0.0.1:9/h"))
        .hasMessage("this hub does not deliver webhooks to the host 127.0.0.1");
  }

  @Test
  void eachRetryWaitsTwiceAsLongAsTheOneBefore() {
    assertThat(defaults.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.backoff(7)).isEqualTo(Duration.ofSeconds(64));
  }
}
