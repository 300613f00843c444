package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hub delivers webhooks only to public addresses unless its operator allows private ones: the
 * default refuses loopback, private, link-local and the other non-public ranges (SSRF).
 */
class WebhookOptionsTest {

  private static final WebhookOptions DEFAULTS = WebhookOptions.defaults("http://127.0.0.1:8080");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9/h",
        "http://10.1.2.3/h",
        "http://172.16.0.1/h",
        "http://192.168.1.1/h",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/h",
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
    assertThatThrownBy(() -> DEFAULTS.check(url))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("does not deliver webhooks to non-public addresses");
  }

  @Test
  void publicAddressesAreAcceptedAndAnOperatorMayAllowPrivateOnes() {
    assertThat(DEFAULTS.check("https://93.184.216.34/hook").getHost()).isEqualTo("93.184.216.34");
    assertThat(DEFAULTS.allowPrivateAddresses()).isFalse();

    WebhookOptions allowing = DEFAULTS.withAddressPolicy(true, Set.of());
    assertThat(allowing.check("http://127.0.0.1:9/h").getPort()).isEqualTo(9);
  }

  @Test
  void anAllowListNamesTheOnlyHosts() {
    WebhookOptions listed = DEFAULTS.withAddressPolicy(true, Set.of("hooks.example"));

    assertThatThrownBy(() -> listed.check("http://127.0.0.1:9/h"))
        .hasMessage("this hub does not deliver webhooks to the host 127.0.0.1");
  }
}
