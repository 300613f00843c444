package dev.evalhub.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory limit of a command, by {@code prlimit} and by the {@code sh ulimit} fallback: a
 * command within it runs, one past it fails, and the command's arguments reach it unparsed.
 */
class LimitsTest {

  private static final long LIMIT = 200L << 20;
  private static final List<String> ALLOCATE_300_MB =
      List.of("python3", "-c", "x = bytearray(300 * 1024 * 1024)");

  private static int run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void prlimitStopsACommandPastTheLimit() throws Exception {
    Limits limits = Limits.ofThisMachine();
    if (!limits.mechanism().startsWith("prlimit")) {
      return; // this machine has no prlimit: the fallback is tested below
    }
    assertThat(run(limits.wrap(ALLOCATE_300_MB, LIMIT))).isNotZero();
    assertThat(run(limits.wrap(List.of("python3", "-c", "x = bytearray(10)"), LIMIT))).isZero();
  }

  @Test
  void theShellFallbackStopsACommandPastTheLimit() throws Exception {
    Limits limits = new Limits(Optional.empty());
    assertThat(limits.mechanism()).isEqualTo("sh ulimit -v");
    assertThat(run(limits.wrap(ALLOCATE_300_MB, LIMIT))).isNotZero();
    assertThat(run(limits.wrap(List.of("python3", "-c", "x = bytearray(10)"), LIMIT))).isZero();
  }

  @Test
  void theShellFallbackPassesArgumentsUnparsed() throws Exception {
    Limits limits = new Limits(Optional.empty());
    List<String> command =
        limits.wrap(
            List.of(
                "python3",
                "-c",
                "import sys; sys.exit(0 if sys.argv[1] == '$(touch /tmp/x); `id`' else 1)",
                "$(touch /tmp/x); `id`"),
            LIMIT);
    assertThat(run(command)).isZero();
  }

  @Test
  void noLimitLeavesTheCommandAsItIs() {
    List<String> command = List.of("python3", "-c", "pass");
    assertThat(new Limits(Optional.empty()).wrap(command, 0)).isSameAs(command);
  }
}
