package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.Role;
import dev.evalhub.service.EvalHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

  @TempDir Path data;
  private EvalHub hub;
  private Authenticator authenticator;
  private String token;

  @BeforeEach
  void open() {
    hub = EvalHub.openAdministration(data);
    hub.accounts().createUserAsAdministrator("alice");
    token = hub.accounts().createTokenAsAdministrator("alice", Role.READ, "t").secret();
    authenticator = new Authenticator(hub.accounts());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicTakesTheTokenAsPasswordWhateverTheUserName() {
    assertThat(authenticator.authenticate(basic("anyone:" + token)).caller())
        .contains(new Caller("alice", Role.READ));
  }

  @Test
  void basicAcceptsTheTokenAsUserNameWithAnEmptyPassword() {
    assertThat(authenticator.authenticate(basic(token + ":")).caller()).isPresent();
  }

  @Test
  void bearerCarriesTheToken() {
    assertThat(authenticator.authenticate("Bearer " + token).caller()).isPresent();
  }

  @Test
  void theJavascriptClientsBearerUndefinedIsNoCredential() {
    assertThat(authenticator.authenticate("Bearer undefined"))
        .isEqualTo(Authenticator.Credentials.NONE);
  }

  @Test
  void wrongTokenIsGivenButInvalid() {
    Authenticator.Credentials credentials = authenticator.authenticate(basic("x:hf_wrong"));

    assertThat(credentials.invalid()).isTrue();
    assertThat(credentials.caller()).isEqualTo(Optional.empty());
  }

  @Test
  void undecodableBasicIsInvalid() {
    assertThat(authenticator.authenticate("Basic %%%").invalid()).isTrue();
  }
}
