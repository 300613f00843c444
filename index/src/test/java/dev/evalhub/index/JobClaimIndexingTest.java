package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.domain.job.Job;
import dev.evalhub.domain.job.JobId;
import dev.evalhub.domain.job.JobState;
import dev.evalhub.domain.leaderboard.Badge;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TokenSigner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token of this hub's own key that names an evaluation job verifies only when the job is recorded
 * in this hub and evaluated the model that holds the result (docs/RUNNER.md).
 */
class JobClaimIndexingTest {

  private static final String X = "Wdh_41-eq4aOPcp5JyEir5YZB3Rg7lRK05qpcjvtwjE";

  @TempDir Path dir;
  IndexFixture hub;

  @BeforeEach
  void setUp() {
    hub = IndexFixture.h2(dir).benchmark("acme/bench", evalYaml("Bench", "t1"));
    hub.repo("alice/a", false).repo("bob/b", false);
  }

  /** Records the fixture's key as one of this hub's own keys (else it is an external issuer's). */
  private void ownKey() {
    hub.storage
        .hubKeys()
        .add(HubKeyRecord.active(hub.key.kid(), hub.key.issuer(), X, Instant.now(), "evalhub"));
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  @Test
  void aTokenNamingARecordedJobOfTheModelVerifies() {
    ownKey();
    JobId job = record("alice/a");

    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", job.value()));

    assertThat(result.verdict().verified()).as("%s", result.verdict().failure()).isTrue();
  }

  @Test
  void theVerifiedBadgeOfAResultOfThisHubsJobLinksTheJobsPage() {
    ownKey();
    JobId job = record("alice/a");

    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", job.value()));
    Badge onLeaderboard =
        hub.leaderboard("acme/bench", "t1", false).entries().get(0).badges().get(0);

    assertThat(result.badges().get(0))
        .isEqualTo(new Badge(Badge.Kind.VERIFIED, hub.key.issuer(), "/jobs/" + job));
    assertThat(onLeaderboard).isEqualTo(result.badges().get(0));
  }

  @Test
  void anExternalIssuersJobIsNoLink() {
    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", "0123456789abcdef"));

    assertThat(result.badges().get(0)).isEqualTo(Badge.verified(hub.key.issuer()));
  }

  @Test
  void aTokenNamingAJobThisHubNeverRanDoesNotVerify() {
    ownKey();
    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", "0123456789abcdef"));

    assertThat(result.verdict().verified()).isFalse();
    assertThat(result.verdict().failure())
        .contains("the token names the job 0123456789abcdef, of which this hub has no record");
  }

  @Test
  void aTokenNamingAJobOfAnotherModelDoesNotVerify() {
    ownKey();
    JobId job = record("bob/b");

    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", job.value()));

    assertThat(result.verdict().failure())
        .contains("the token names the job " + job + ", which evaluated bob/b, not alice/a");
  }

  @Test
  void aTrustedExternalIssuersJobIsNotLookedUp() {
    // The index trusts the fixture's key, which is no key of this hub: an external issuer's.
    EvalResult.Valid result = indexed("alice/a", token(hub.key, "alice/a", "0123456789abcdef"));

    assertThat(result.verdict().verified()).isTrue();
  }

  private JobId record(String model) {
    Instant now = Instant.parse("2026-11-30T18:00:00Z");
    String[] parts = model.split("/");
    JobId id = JobId.random();
    hub.storage
        .jobs()
        .create(
            new Job(
                id,
                "bob",
                new RepoId(RepoType.MODEL, parts[0], parts[1]),
                new CommitId("a".repeat(40)),
                new RepoId(RepoType.DATASET, "acme", "bench"),
                new CommitId("b".repeat(40)),
                "t1",
                "tiny",
                JobState.QUEUED,
                0,
                Optional.empty(),
                Optional.empty(),
                now,
                now,
                "bob"));
    return id;
  }

  private EvalResult.Valid indexed(String model, String token) {
    hub.put(
        model,
        ".eval_results/r.yaml",
        IndexFixture.result("acme/bench", "t1", 50, "  verifyToken: " + token + "\n"));
    return Rows.valid(hub.evalResults(model, Optional.empty()).get(0));
  }

  private static String token(SigningKey key, String model, String job) {
    return new TokenSigner(key)
        .sign(
            model,
            new ResultEntry(
                new ResultEntry.DatasetRef("acme/bench", "t1", null),
                50,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of()),
            claims -> claims.withJob(job));
  }
}
