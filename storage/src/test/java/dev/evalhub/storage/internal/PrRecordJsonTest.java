package dev.evalhub.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The record file of a flag: its kind and fields written and read back; old records unchanged. */
class PrRecordJsonTest {

  private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void aResolvedFlagReadsBackAsWritten() {
    PullRequest flag =
        new PullRequest(
            new PrNumber(3),
            "Flag: contamination of cais/hle hle (.eval_results/r.yaml)",
            "The test set leaked.",
            "bob",
            PrStatus.CLOSED,
            false,
            T,
            T,
            List.of(PrEvent.statusChange("alice", T, PrStatus.CLOSED)),
            Optional.empty(),
            Optional.of(
                new Flag(
                    FlagCategory.WRONG_METHODOLOGY,
                    new FlagTarget(
                        ".eval_results/r.yaml", "cais/hle", "hle", "5-shot", "ab".repeat(32)),
                    List.of("https://example.org/a"),
                    Optional.of(new Flag.Resolution(FlagStatus.UPHELD, "alice", T)))));

    byte[] json = PrRecordJson.write(flag);

    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains(
            "\"kind\" : \"flag\"",
            "\"category\" : \"wrong-methodology\"",
            "\"resolution\" : \"upheld\"");
    assertThat(PrRecordJson.read(json)).isEqualTo(flag);
    assertThat(PrRecordJson.read(json).kind()).isEqualTo(PullRequest.Kind.FLAG);
  }

  @Test
  void aDiscussionHasNoKindAndReadsBackWithoutAFlag() {
    PullRequest discussion =
        new PullRequest(
            new PrNumber(1),
            "Q",
            "",
            "bob",
            PrStatus.OPEN,
            false,
            T,
            T,
            List.of(),
            Optional.empty());

    byte[] json = PrRecordJson.write(discussion);

    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("kind", "flag");
    assertThat(PrRecordJson.read(json).flag()).isEmpty();
    assertThat(PrRecordJson.read(json).kind()).isEqualTo(PullRequest.Kind.DISCUSSION);
  }
}
