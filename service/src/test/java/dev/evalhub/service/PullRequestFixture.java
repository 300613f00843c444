package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.Role;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.Storage;
import dev.evalhub.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A real data folder for the service tests: the users alice (the writer of her repositories), bob
 * and carol (signed in, writers of nothing), alice's public model {@code alice/gpt} and private
 * model {@code alice/secret}, each with a result on main. Closed by the test.
 */
final class PullRequestFixture implements AutoCloseable {

  static final RepoId PUBLIC = new RepoId(RepoType.MODEL, "alice", "gpt");
  static final RepoId PRIVATE = new RepoId(RepoType.MODEL, "alice", "secret");
  static final Optional<Caller> ANONYMOUS = Optional.empty();
  static final Caller ALICE = new Caller("alice", Role.WRITE);
  static final Caller ALICE_READ = new Caller("alice", Role.READ);
  static final Caller BOB = new Caller("bob", Role.WRITE);
  static final Caller BOB_READ = new Caller("bob", Role.READ);
  static final Caller CAROL = new Caller("carol", Role.WRITE);
  static final String RESULT = "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n";

  final Storage storage;
  final EvalHub hub;

  PullRequestFixture(Path data) {
    storage = Storage.open(data, StorageOptions.DEFAULT);
    for (String user : List.of("alice", "bob", "carol")) {
      storage.accounts().createUser(user);
    }
    for (RepoId repo : List.of(PUBLIC, PRIVATE)) {
      storage.createRepository(
          repo,
          repo == PRIVATE,
          Storage.ADMIN_ACTOR,
          List.of(
              FileChange.put(".eval_results/hle.yaml", RESULT.getBytes(StandardCharsets.UTF_8))));
    }
    hub = new EvalHub(storage, null);
  }

  /** Opens a pull request by bob on {@code repo} whose head changes the result to {@code value}. */
  PrNumber pullRequestWithHead(RepoId repo, String value) {
    return storage
        .pullRequestCommits()
        .open(
            repo,
            "bob",
            new CommitRequest(
                RefName.branch("main"),
                Optional.empty(),
                List.of(
                    FileChange.put(
                        ".eval_results/hle.yaml",
                        RESULT.replace("20.9", value).getBytes(StandardCharsets.UTF_8))),
                "Better prompt",
                new AccountName("bob")))
        .pullRequest()
        .orElseThrow();
  }

  /** Asserts that {@code call} is refused with {@code kind} and exactly {@code message}. */
  static void refused(ThrowingCallable call, HubException.Kind kind, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(kind);
              org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Override
  public void close() {
    storage.close();
  }
}
