package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.account.NewToken;
import dev.evalhub.domain.account.TokenInfo;
import dev.evalhub.domain.account.WhoAmI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens name their account until revoked; who-am-i tells the token and the organisations, never a
 * secret.
 */
class AccountServiceTest {

  @TempDir Path data;
  private EvalHub hub;

  @BeforeEach
  void open() {
    hub = EvalHub.openAdministration(data);
    TestAccounts.create(hub);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  void aTokenAuthenticatesItsAccountWithItsRoleUntilRevoked() {
    NewToken write = hub.accounts().createTokenAsAdministrator("alice", Role.WRITE, "laptop");
    NewToken read = hub.accounts().createTokenAsAdministrator("alice", Role.READ, "ci");

    assertThat(hub.accounts().authenticate(write.secret()))
        .contains(new Caller("alice", Role.WRITE));
    assertThat(hub.accounts().authenticate(read.secret())).contains(new Caller("alice", Role.READ));
    assertThat(hub.accounts().authenticate("hf_nothing")).isEmpty();
    assertThat(hub.accounts().tokensAsAdministrator("alice"))
        .extracting(TokenInfo::label)
        .containsExactlyInAnyOrder("laptop", "ci");

    assertThat(hub.accounts().revokeTokenAsAdministrator("alice", "laptop")).isEqualTo(1);

    assertThat(hub.accounts().authenticate(write.secret())).isEmpty();
    assertThat(hub.accounts().authenticate(read.secret())).isPresent();
  }

  @Test
  void whoAmITellsTheTokenAndTheOrganisations() {
    NewToken token = hub.accounts().createTokenAsAdministrator("alice", Role.READ, "ci");
    hub.accounts().createOrgAsAdministrator("labs", java.util.List.of());
    hub.accounts().addMemberAsAdministrator("labs", "alice");

    WhoAmI who = hub.accounts().whoAmI(token.secret());

    assertThat(who.token().user()).isEqualTo("alice");
    assertThat(who.token().role()).isEqualTo(Role.READ);
    assertThat(who.token().label()).isEqualTo("ci");
    assertThat(who.organisations()).containsExactlyInAnyOrder("acme", "labs");
    assertThat(
            hub.accounts()
                .whoAmI(hub.accounts().createTokenAsAdministrator("bob", Role.WRITE, "t").secret())
                .organisations())
        .isEmpty();
  }

  @Test
  void whoAmIWithoutALiveTokenIsUnauthenticated() {
    assertThatThrownBy(() -> hub.accounts().whoAmI("hf_nothing"))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHENTICATED));
    assertThatThrownBy(() -> hub.accounts().whoAmI("")).isInstanceOf(HubException.class);
  }

  @Test
  void namespacesAreFoundInAnyCase() {
    assertThat(hub.accounts().namespaceExists("ACME")).isTrue();
    assertThat(hub.accounts().namespaceExists("alice")).isTrue();
    assertThat(hub.accounts().namespaceExists("carol")).isFalse();
  }
}
