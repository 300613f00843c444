package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.formats.Validated;
import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.PublicJwk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrator makes, rotates and revokes the hub's keys; the JWKS publishes the active ones;
 * signing uses the newest; a server's hub applies a change another process makes within its watch
 * period.
 */
class KeyServiceTest {

  @TempDir Path data;

  @Test
  void rotatingPublishesRevokingWithdrawsAndSigningUsesTheNewest() {
    try (EvalHub hub = EvalHub.openAdministration(data)) {
      assertThat(hub.keys().jwks().keys()).isEmpty();
      assertThatThrownBy(() -> hub.keys().signingKey())
          .isInstanceOfSatisfying(
              HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_FOUND));

      KeyService.CreatedKey first = hub.keys().createAsAdministrator("evalhub");
      KeyService.CreatedKey second = hub.keys().rotateAsAdministrator(Optional.empty());

      assertThat(Files.exists(first.file())).isTrue();
      assertThat(second.key().issuer()).isEqualTo("evalhub");
      assertThat(kids(hub.keys().jwks())).containsExactly(first.key().kid(), second.key().kid());
      assertThat(hub.keys().signingKey().kid()).isEqualTo(second.key().kid());

      HubKeyRecord revoked = hub.keys().revokeAsAdministrator(second.key().kid());

      assertThat(revoked.revoked()).isPresent();
      assertThat(kids(hub.keys().jwks())).containsExactly(first.key().kid());
      assertThat(hub.keys().listing().keys())
          .extracting(HubKeyRecord::isActive)
          .containsExactly(true, false);
      assertThat(hub.keys().signingKey().kid()).isEqualTo(first.key().kid());
      assertThat(hub.keys().ensureSigningKeyAsAdministrator()).isEmpty();
    }
  }

  @Test
  void signingAddsAVerifyTokenToEveryEntry() {
    try (EvalHub hub = EvalHub.openAdministration(data)) {
      assertThat(hub.keys().ensureSigningKeyAsAdministrator()).isPresent();
      String text = "- dataset:\n    id: acme/bench\n    task_id: t1\n  value: 0.5\n";

      Validated<String> signed = hub.keys().sign(hub.keys().signingKey(), text, "alice/gpt");

      assertThat(signed.value())
          .hasValueSatisfying(yaml -> assertThat(yaml).contains("verifyToken"));
    }
  }

  @Test
  void aServersHubAppliesAKeyChangeMadeByAnotherProcess() throws Exception {
    try (EvalHub server = EvalHub.open(HubOptions.of(data))) {
      assertThat(server.keys().jwks().keys()).isEmpty();
      String kid;
      try (EvalHub admin = EvalHub.openAdministration(data)) {
        kid = admin.keys().rotateAsAdministrator(Optional.empty()).key().kid();
      }

      awaitTrue(() -> kids(server.keys().jwks()).contains(kid));
    }
  }

  private static java.util.List<String> kids(Jwks jwks) {
    return jwks.keys().stream().map(PublicJwk::kid).toList();
  }

  private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.get()) {
      assertThat(Instant.now()).as("the change applied within 10 s").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
