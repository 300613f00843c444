package dev.evalhub.verification;

import static dev.evalhub.verification.Fixtures.HUB;
import static dev.evalhub.verification.Fixtures.HUB_KEY;
import static dev.evalhub.verification.Fixtures.MODEL;
import static dev.evalhub.verification.Fixtures.SIGNER;
import static dev.evalhub.verification.Fixtures.VERIFIER;
import static dev.evalhub.verification.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.verification.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

  @Test
  void validTokenVerifies() {
    String token = SIGNER.sign(MODEL, entry(20.9));

    Verification verification = VERIFIER.verify(token, Fixtures.MODEL_ID, entry(20.9));

    assertThat(verification).isEqualTo(Verification.verified(HUB, HUB_KEY.kid()));
  }

  @Test
  void headerIsExactlyAlgTypKid() {
    String token = SIGNER.sign(MODEL, entry(20.9));

    String header =
        new String(Base64Url.decode(token.split("\\.")[0]).orElseThrow(), StandardCharsets.UTF_8);

    assertThat(header)
        .isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + HUB_KEY.kid() + "\"}");
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        20.9,
        0.1,
        0.30000000000000004,
        1e-7,
        123456789.12345678,
        4.9e-324,
        1.7976931348623157e308,
        -0.0,
        100,
        2.0e-3,
        0.6366666666666667
      })
  void valueRoundTripsExactly(double value) {
    String token = SIGNER.sign(MODEL, entry(value));

    Verification verification = VERIFIER.verify(token, Fixtures.MODEL_ID, entry(value));

    assertThat(verification.verified()).isTrue();
  }

  @Test
  void valueEditedAfterSigningIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry(20.9));

    Verification verification = VERIFIER.verify(token, Fixtures.MODEL_ID, entry(29.0));

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason())
        .contains("value 20.9")
        .contains("29.0")
        .contains("changed after signing");
  }

  @Test
  void tokenCopiedToAnotherModelIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry(20.9));

    Verification verification =
        VERIFIER.verify(token, Fixtures.model("someone/copycat-8B"), entry(20.9));

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason())
        .contains(MODEL)
        .contains("someone/copycat-8B")
        .contains("another model");
  }

  @Test
  void repositoryIdsCompareIgnoringCaseAsOnTheHub() {
    String token = SIGNER.sign(MODEL, entry(20.9));

    Verification verification =
        VERIFIER.verify(token, Fixtures.model(MODEL.toLowerCase()), entry(20.9));

    assertThat(verification.verified()).isTrue();
  }

  @Test
  void tokenForAnotherTaskIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry("cais/hle", "default", 20.9, Fixtures.methodology(5)));

    Verification verification =
        VERIFIER.verify(
            token,
            Fixtures.MODEL_ID,
            entry("cais/hle", "hle_with_tools", 20.9, Fixtures.methodology(5)));

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).contains("task default").contains("hle_with_tools");
  }

  @Test
  void tokenForAnotherDatasetIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry("cais/hle", "default", 20.9, Fixtures.methodology(5)));

    Verification verification =
        VERIFIER.verify(
            token, Fixtures.MODEL_ID, entry("cais/mmlu", "default", 20.9, Fixtures.methodology(5)));

    assertThat(verification.reason()).contains("dataset cais/hle").contains("cais/mmlu");
  }

  @Test
  void otherDatasetRevisionIsNotVerified() {
    ResultEntry signed = entry(20.9);
    String token = SIGNER.sign(MODEL, signed);
    ResultEntry edited =
        new ResultEntry(
            new ResultEntry.DatasetRef("cais/hle", "default", "ffff"),
            20.9,
            null,
            null,
            null,
            null,
            null,
            null,
            signed.methodology(),
            null,
            signed.extraKeys());

    Verification verification = VERIFIER.verify(token, Fixtures.MODEL_ID, edited);

    assertThat(verification.reason()).contains("dataset revision 5503434ddd75").contains("ffff");
  }

  @Test
  void detailsReplacedAfterSigningIsNotVerified() {
    ResultEntry signed = withDetailsSha256(entry(20.9), "a".repeat(64));
    String token = SIGNER.sign(MODEL, signed);

    Verification verification =
        VERIFIER.verify(token, Fixtures.MODEL_ID, withDetailsSha256(signed, "b".repeat(64)));

    assertThat(verification.reason()).contains("details with SHA-256 " + "a".repeat(64));
  }

  @Test
  void methodologyEditedAfterSigningIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry("cais/hle", "default", 20.9, Fixtures.methodology(5)));

    Verification verification =
        VERIFIER.verify(
            token, Fixtures.MODEL_ID, entry("cais/hle", "default", 20.9, Fixtures.methodology(0)));

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).contains("methodology was changed after signing");
  }

  @Test
  void methodologyRemovedAfterSigningIsNotVerified() {
    String token = SIGNER.sign(MODEL, entry("cais/hle", "default", 20.9, Fixtures.methodology(5)));

    Verification verification =
        VERIFIER.verify(token, Fixtures.MODEL_ID, entry("cais/hle", "default", 20.9, null));

    assertThat(verification.reason()).contains("no methodology block");
  }

  @Test
  void unknownKidIsNotVerified() {
    String token = new TokenSigner(SigningKey.generate(HUB)).sign(MODEL, entry(20.9));

    Verification verification = VERIFIER.verify(token, Fixtures.MODEL_ID, entry(20.9));

    assertThat(verification.verified()).isFalse();
    assertThat(verification.reason()).contains("not a key of any trusted issuer");
  }

  @Test
  void tokenWithAlteredPayloadFailsTheSignatureCheck() {
    String[] parts = SIGNER.sign(MODEL, entry(20.9)).split("\\.");
    String forged =
        Base64Url.encode(
            ("{\"iss\":\""
                    + HUB
                    + "\",\"sub\":\""
                    + MODEL
                    + "\",\"dataset\":\"cais/hle\",\"task_id\":\"default\",\"value\":99.9}")
                .getBytes(StandardCharsets.UTF_8));

    Verification verification =
        VERIFIER.verify(parts[0] + "." + forged + "." + parts[2], Fixtures.MODEL_ID, entry(99.9));

    assertThat(verification.reason()).contains("signature does not verify");
  }

  @Test
  void issuerThatDoesNotOwnTheKidIsNotVerified() {
    SigningKey key = SigningKey.generate("https://evil.example");
    TokenVerifier verifier =
        new TokenVerifier(TrustedIssuers.none().with(HUB, Jwks.of(key.publicJwk())));
    String token = new TokenSigner(key).sign(MODEL, entry(20.9));

    Verification verification = verifier.verify(token, Fixtures.MODEL_ID, entry(20.9));

    assertThat(verification.reason())
        .contains("https://evil.example")
        .contains("belongs to " + HUB);
  }

  @Test
  void tokenOfAnExternalIssuerConfiguredByJwksVerifies() throws Exception {
    SigningKey external = SigningKey.generate("https://evals.example.org");
    Jwks published = Jwks.parse(Jwks.of(external.publicJwk()).toJson());
    TokenVerifier verifier =
        new TokenVerifier(
            TrustedIssuers.none().with(HUB_KEY).with("https://evals.example.org", published));
    String token =
        new TokenSigner(external)
            .sign(
                TokenClaims.forEntry("https://evals.example.org", MODEL, entry(20.9), Instant.EPOCH)
                    .withJob("job-42"));

    Verification verification = verifier.verify(token, Fixtures.MODEL_ID, entry(20.9));

    assertThat(verification)
        .isEqualTo(Verification.verified("https://evals.example.org", external.kid()));
  }

  private static ResultEntry withDetailsSha256(ResultEntry entry, String sha256) {
    return new ResultEntry(
        entry.dataset(),
        entry.value(),
        null,
        null,
        null,
        null,
        null,
        null,
        entry.methodology(),
        new ResultEntry.Details(null, "logs/samples.jsonl", sha256, "eee-jsonl"),
        entry.extraKeys());
  }
}
