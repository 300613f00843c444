package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.index.ReindexProgress;
import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TrustedIssuers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A change of the trusted keys re-verifies exactly the stored results it concerns, in a running
 * index and in one reopened after keys changed while it was closed, so that the index always equals
 * a rebuild with the keys.
 */
class KeyChangeReverificationTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void addingRevokingAndChangingKeysWhileClosedKeepsTheIndexEqualToARebuild(String database)
      throws Exception {
    SigningKey newKey = SigningKey.generate(IndexFixture.ISSUER);
    try (IndexFixture hub = IndexFixture.of(database, dir)) {
      hub.benchmark("acme/bench", evalYaml("Bench", "t1"));
      hub.repo("alice/a", false).repo("bob/b", false);
      hub.put("alice/a", ".eval_results/r.yaml", signed(newKey, "alice/a", 50));
      hub.put("bob/b", ".eval_results/r.yaml", signed(hub.key, "bob/b", 60));
      assertThat(result(hub, "alice/a").verdict().failure().orElse(null))
          .contains(newKey.kid())
          .contains("not a key of any trusted issuer");
      assertThat(result(hub, "bob/b").verdict().verified()).isTrue();

      int added = hub.index.trust(TrustedIssuers.none().with(hub.key).with(newKey));

      assertThat(added)
          .as("only the result signed with the added key is verified again")
          .isEqualTo(1);
      assertThat(result(hub, "alice/a").verdict().verified()).isTrue();
      assertThat(hub.leaderboard("acme/bench", "t1", true).entries())
          .allMatch(e -> e.verdict().verified());
      assertEqualsRebuild(hub);

      int revoked =
          hub.index.trust(
              TrustedIssuers.none()
                  .with(newKey)
                  .withRevoked(hub.key.kid(), "revoked at 2026-11-30T09:00:00Z by evalhub"));

      assertThat(revoked).isEqualTo(1);
      assertThat(result(hub, "bob/b").verdict().verified()).isFalse();
      assertThat(result(hub, "bob/b").verdict().failure().orElse(null))
          .isEqualTo(
              "the token is signed with the key "
                  + hub.key.kid()
                  + ", which was revoked at 2026-11-30T09:00:00Z by evalhub and is no longer trusted");
      assertThat(result(hub, "alice/a").verdict().verified()).isTrue();
      assertEqualsRebuild(hub);

      hub.index.close();
      hub.index = Index.open(hub.url, hub.storage, TrustedIssuers.none().with(hub.key));

      assertThat(result(hub, "alice/a").verdict().verified())
          .as("re-verified when opened with other keys")
          .isFalse();
      assertThat(result(hub, "bob/b").verdict().verified()).isTrue();
      assertEqualsRebuild(hub);
      assertThat(hub.index.trust(TrustedIssuers.none().with(hub.key)))
          .as("the same keys change nothing")
          .isZero();
    }
  }

  private static void assertEqualsRebuild(IndexFixture hub) throws Exception {
    List<String> incremental = hub.dump();
    hub.index.ingestion().reindex(ReindexProgress.NONE);
    assertThat(hub.dump()).containsExactlyElementsOf(incremental);
  }

  private static EvalResult.Valid result(IndexFixture hub, String model) {
    return Rows.valid(hub.evalResults(model, Optional.empty()).get(0));
  }

  private static String signed(SigningKey key, String model, double value) {
    String token = IndexFixture.token(key, model, "acme/bench", "t1", value);
    return IndexFixture.result("acme/bench", "t1", value, "  verifyToken: " + token + "\n");
  }
}
