package dev.evalhub.verification;

import dev.evalhub.domain.RepoId;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultEntry.DatasetRef;
import dev.evalhub.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Keys, entries and paths shared by the verification tests. */
final class Fixtures {

  /** The model repository {@code id} ({@code ns/name}). */
  static RepoId model(String id) {
    return RepoId.parsePath(id).orElseThrow();
  }

  static final String HUB = "https://hub.example";
  static final String MODEL = "meta-llama/Llama-3.1-8B";

  /** {@link #MODEL} as the verifier takes it. */
  static final RepoId MODEL_ID = model(MODEL);

  static final SigningKey HUB_KEY = SigningKey.generate(HUB);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T12:00:00Z"), ZoneOffset.UTC);
  static final TokenSigner SIGNER = new TokenSigner(HUB_KEY, CLOCK);
  static final TokenVerifier VERIFIER = new TokenVerifier(TrustedIssuers.none().with(HUB_KEY));

  private Fixtures() {}

  /** A result on cais/hle, task default, with a methodology block. */
  static ResultEntry entry(double value) {
    return entry("cais/hle", "default", value, methodology(5));
  }

  static ResultEntry entry(String dataset, String taskId, double value, Methodology methodology) {
    return new ResultEntry(
        new DatasetRef(dataset, taskId, "5503434ddd75"),
        value,
        null,
        null,
        null,
        null,
        null,
        null,
        methodology,
        null,
        Map.of());
  }

  static Methodology methodology(int fewShot) {
    return new Methodology(
        Map.of(
            "framework",
            "lm-evaluation-harness",
            "framework_version",
            "0.4.2",
            "num_fewshot",
            (long) fewShot,
            "model_revision",
            "7f3c"));
  }

  /**
   * {@code ../shared/samples/hf/name} beside the project root (surefire sets {@code
   * evalhub.projectRoot}).
   */
  static Path sample(String name) {
    Path sample = Samples.hf(name);
    if (!Files.isRegularFile(sample)) {
      throw new IllegalStateException("no sample " + sample);
    }
    return sample;
  }
}
