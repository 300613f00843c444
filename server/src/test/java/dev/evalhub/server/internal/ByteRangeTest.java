package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void closedOpenAndSuffixRanges() {
    assertThat(ByteRange.parse("bytes=0-0", 5)).contains(new ByteRange(0, 0, 5));
    assertThat(ByteRange.parse("bytes=2-", 5)).contains(new ByteRange(2, 4, 5));
    assertThat(ByteRange.parse("bytes=-2", 5)).contains(new ByteRange(3, 4, 5));
    assertThat(ByteRange.parse("bytes=1-99", 5).orElseThrow().contentRange())
        .isEqualTo("bytes 1-4/5");
  }

  @Test
  void noRangeSeveralRangesOtherUnitsAndEmptyFilesMeanTheWholeFile() {
    assertThat(ByteRange.parse(null, 5)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-1,3-4", 5)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 5)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-0", 0)).isEmpty();
  }

  @Test
  void rangePastTheEndIsNotSatisfiable() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=5-", 5))
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.RANGE_NOT_SATISFIABLE);
  }
}
