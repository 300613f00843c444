package dev.evalhub.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM-wide monitors of exclusive files are kept only while a file of their path is in use. */
class ExclusiveFileTest {

  @TempDir Path dir;

  @Test
  void monitorsOfTenThousandPathsNoLongerInUseAreForgotten() throws Exception {
    ExclusiveFile kept = new ExclusiveFile(dir.resolve("kept.lock"));
    for (int i = 0; i < 10_000; i++) {
      new ExclusiveFile(dir.resolve("file" + i + ".lock"));
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ExclusiveFile.monitors() > 1_000 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(ExclusiveFile.monitors()).isLessThan(1_000);
    String held = new ExclusiveFile(dir.resolve("kept.lock")).hold(channel -> "held");
    assertThat(held).isEqualTo("held");
    assertThat(kept).isNotNull();
  }
}
