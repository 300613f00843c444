package dev.evalhub.service;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.Role;
import java.util.List;
import java.util.Optional;

/**
 * The accounts and repositories the service tests share, made on a real storage: {@code alice}
 * (writer of her namespace and member of {@code acme}), {@code bob} (a stranger to both), the
 * public {@code alice/pub} and the private {@code alice/priv}.
 */
final class TestAccounts {

  static final RepoId PUBLIC = RepoId.parsePath("alice/pub").orElseThrow();
  static final RepoId PRIVATE = RepoId.parsePath("alice/priv").orElseThrow();
  static final RepoId MISSING = RepoId.parsePath("alice/none").orElseThrow();
  static final Optional<Caller> ANONYMOUS = Optional.empty();
  static final Caller ALICE = new Caller("alice", Role.WRITE);
  static final Caller ALICE_READ = new Caller("alice", Role.READ);
  static final Caller BOB = new Caller("bob", Role.WRITE);

  private TestAccounts() {}

  static void create(EvalHub hub) {
    hub.accounts().createUserAsAdministrator("alice");
    hub.accounts().createUserAsAdministrator("bob");
    hub.accounts().createOrgAsAdministrator("acme", List.of("alice"));
    hub.storage().createRepository(PUBLIC, false);
    hub.storage().createRepository(PRIVATE, true);
  }
}
