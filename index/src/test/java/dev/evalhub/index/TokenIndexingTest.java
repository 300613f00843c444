package dev.evalhub.index;

import static dev.evalhub.index.IndexFixture.evalYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.leaderboard.EvalResult;
import dev.evalhub.verification.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification happens at indexing, with the hub's trusted issuers; every refusal has its reason.
 */
class TokenIndexingTest {

  @TempDir Path dir;
  IndexFixture hub;

  @BeforeEach
  void setUp() {
    hub = IndexFixture.h2(dir).benchmark("acme/bench", evalYaml("Bench", "t1", "t2"));
    hub.repo("alice/a", false).repo("bob/b", false);
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  private EvalResult.Valid indexed(String model, double value, String token) {
    hub.put(
        model,
        ".eval_results/r.yaml",
        IndexFixture.result("acme/bench", "t1", value, "  verifyToken: " + token + "\n"));
    return Rows.valid(hub.evalResults(model, Optional.empty()).get(0));
  }

  private String token(SigningKey key, String model, String task, double value) {
    return IndexFixture.token(key, model, "acme/bench", task, value);
  }

  @Test
  void aValidTokenVerifies() {
    EvalResult.Valid result = indexed("alice/a", 50, token(hub.key, "alice/a", "t1", 50));
    assertThat(result.verdict().verified()).isTrue();
    assertThat(result.badges()).extracting(Rows::type).contains("verified");
  }

  @Test
  void anEditedValueDoesNotVerify() {
    EvalResult.Valid result = indexed("alice/a", 51, token(hub.key, "alice/a", "t1", 50));
    assertThat(result.verdict().verified()).isFalse();
    assertThat(result.verdict().failure().orElse(null)).contains("value");
  }

  @Test
  void aTokenCopiedToAnotherModelDoesNotVerify() {
    EvalResult.Valid result = indexed("bob/b", 50, token(hub.key, "alice/a", "t1", 50));
    assertThat(result.verdict().verified()).isFalse();
    assertThat(result.verdict().failure().orElse(null)).contains("alice/a");
  }

  @Test
  void aTokenForAnotherTaskDoesNotVerify() {
    EvalResult.Valid result = indexed("alice/a", 50, token(hub.key, "alice/a", "t2", 50));
    assertThat(result.verdict().failure().orElse(null)).contains("task");
  }

  @Test
  void aTokenOfAnUnknownKeyDoesNotVerify() {
    EvalResult.Valid result =
        indexed(
            "alice/a", 50, token(SigningKey.generate(IndexFixture.ISSUER), "alice/a", "t1", 50));
    assertThat(result.verdict().failure().orElse(null)).contains("not a key of any trusted issuer");
  }

  @Test
  void anUnsignedTokenDoesNotVerify() {
    String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims()) + ".";
    assertThat(indexed("alice/a", 50, token).verdict().failure().orElse(null)).contains("alg none");
  }

  @Test
  void anHmacTokenSignedWithThePublicKeyDoesNotVerify() throws Exception {
    String signingInput =
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + hub.key.kid() + "\"}")
            + "."
            + b64(claims());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(hub.key.publicJwk().key().getEncoded(), "HmacSHA256"));
    String token =
        signingInput
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    assertThat(indexed("alice/a", 50, token).verdict().failure().orElse(null)).contains("HMAC");
  }

  @Test
  void garbageDoesNotVerify() {
    EvalResult.Valid result = indexed("alice/a", 50, "garbage");
    assertThat(result.verdict().verified()).isFalse();
    assertThat(result.verdict().failure().orElse(null)).isNotBlank();
  }

  private String claims() {
    return "{\"iss\":\""
        + IndexFixture.ISSUER
        + "\",\"sub\":\"alice/a\",\"dataset\":\"acme/bench\","
        + "\"task_id\":\"t1\",\"value\":50.0}";
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
