package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.HubException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @Test
  void headerSummaryIsTheFirstLineAndHowManyMore() {
    assertThat(ApiErrors.headerSummary("a.yaml:1:1: bad\na.yaml:2:1: bad\nb.yaml:3:1: bad"))
        .isEqualTo("a.yaml:1:1: bad (and 2 more)");
  }

  @Test
  void headerSummaryOfOneLongLineIsCutToTheBound() {
    String summary = ApiErrors.headerSummary("x".repeat(5000) + "\nsecond");

    assertThat(summary).hasSize(ApiErrors.MAX_HEADER_MESSAGE).endsWith("... (and 1 more)");
  }

  @Test
  void headerSummaryIsPrintableAscii() {
    assertThat(ApiErrors.headerSummary("caf\u00e9 \u0000\r x")).isEqualTo("caf? ? (and 1 more)");
    assertThat(ApiErrors.headerSummary("caf\u00e9\t\u0000 x")).matches("[\\x20-\\x7e]*");
  }

  @Test
  void everyStatusHasACode() {
    for (int status : new int[] {400, 404, 405, 408, 413, 414, 415, 429, 431, 500, 503, 418}) {
      assertThat(ApiErrors.code(status)).isNotBlank();
    }
    assertThat(ApiErrors.code(HubException.Kind.REPO_NOT_FOUND)).isEqualTo("RepoNotFound");
    assertThat(ApiErrors.code(HubException.Kind.REVISION_NOT_FOUND)).isEqualTo("RevisionNotFound");
    assertThat(ApiErrors.code(HubException.Kind.ENTRY_NOT_FOUND)).isEqualTo("EntryNotFound");
  }
}
