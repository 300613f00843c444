package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Benchmark;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FirstStepsTest {

  @Test
  void theExampleBenchmarkIsValidWithoutWarnings() {
    Validated<Benchmark> read =
        EvalFormats.standard().readBenchmark(FirstSteps.EVAL_YAML.getBytes(StandardCharsets.UTF_8));

    assertThat(read.diagnostics()).isEmpty();
  }

  @Test
  void theBannerIsShellTextWhoseHereDocumentEndsAtTheStartOfALine() {
    assertThat(new FirstSteps("http://127.0.0.1:8080", "./data").banner())
        .contains("\n# 1. Create the first account", "\nYAML\ngit add eval.yaml");
  }

  @Test
  void aWildcardAddressIsReachedOnLoopback() {
    assertThat(FirstSteps.localUrl("0.0.0.0", 8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(FirstSteps.localUrl("::", 80)).isEqualTo("http://[::1]:80");
    assertThat(FirstSteps.localUrl("fe80::1", 80)).isEqualTo("http://[fe80::1]:80");
    assertThat(FirstSteps.localUrl("hub.local", 9000)).isEqualTo("http://hub.local:9000");
  }

  @Test
  void aDataFolderWithSpacesIsQuotedForTheShell() {
    assertThat(new FirstSteps("http://h:1/", "/srv/my data").banner())
        .contains("\n./evalhub user create alice --data '/srv/my data'\n")
        .contains("--hub http://h:1 --token $TOKEN");
  }
}
