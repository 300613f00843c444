package dev.evalhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsAreDataFolderHereLoopbackAndPort8080() {
    ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), Optional.empty());

    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFileInTheDataFolder() throws Exception {
    Files.writeString(
        dir.resolve(ServerConfig.CONFIG_FILE_NAME), "port=9000\nhost=10.0.0.1\nmax-pack-bytes=5\n");

    ServerConfig config =
        ServerConfig.resolve(
            Map.of("port", "9002"),
            Map.of(
                "EVALHUB_DATA",
                dir.toString(),
                "EVALHUB_PORT",
                "9001",
                "EVALHUB_HOST",
                "127.0.0.1"),
            Optional.empty());

    assertThat(config.port()).isEqualTo(9002);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.maxPackBytes()).isEqualTo(5);
    assertThat(config.dataDir()).isEqualTo(dir);
  }

  @Test
  void explicitConfigFileMayNameTheDataFolder() throws Exception {
    Path file = dir.resolve("hub.properties");
    Files.writeString(file, "data=" + dir.resolve("elsewhere") + "\nport=7000\n");

    ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), Optional.of(file));

    assertThat(config.dataDir()).isEqualTo(dir.resolve("elsewhere"));
    assertThat(config.port()).isEqualTo(7000);
  }

  @Test
  void commitBodyLimitComesFromTheEnvironmentOrTheFile() throws Exception {
    Files.writeString(dir.resolve(ServerConfig.CONFIG_FILE_NAME), "max-commit-bytes=1000\n");

    assertThat(
            ServerConfig.resolve(Map.of("data", dir.toString()), Map.of(), Optional.empty())
                .maxCommitBytes())
        .isEqualTo(1000);
    assertThat(
            ServerConfig.resolve(
                    Map.of("data", dir.toString()),
                    Map.of("EVALHUB_MAX_COMMIT_BYTES", "7"),
                    Optional.empty())
                .maxCommitBytes())
        .isEqualTo(7);
    assertThat(ServerConfig.resolve(Map.of(), Map.of(), Optional.empty()).maxCommitBytes())
        .isEqualTo(ServerConfig.DEFAULT_MAX_COMMIT_BYTES);
  }

  @Test
  void repositoryQuotaComesFromTheEnvironmentOrTheFileAndDefaultsToFiveGibibytes()
      throws Exception {
    Files.writeString(dir.resolve(ServerConfig.CONFIG_FILE_NAME), "max-repo-bytes=1000\n");

    assertThat(
            ServerConfig.resolve(Map.of("data", dir.toString()), Map.of(), Optional.empty())
                .maxRepoBytes())
        .isEqualTo(1000);
    assertThat(
            ServerConfig.resolve(
                    Map.of("data", dir.toString()),
                    Map.of("EVALHUB_MAX_REPO_BYTES", "0"),
                    Optional.empty())
                .maxRepoBytes())
        .isZero();
    assertThat(ServerConfig.resolve(Map.of(), Map.of(), Optional.empty()).maxRepoBytes())
        .isEqualTo(5L << 30);
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(), Map.of("EVALHUB_MAX_REPO_BYTES", "-1"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-repo-bytes");
  }

  @Test
  void connectionLimitsDefaultAndComeFromTheEnvironmentOrTheFile() throws Exception {
    assertThat(ServerConfig.resolve(Map.of(), Map.of(), Optional.empty()).httpLimits())
        .isEqualTo(HttpLimits.DEFAULT);
    assertThat(HttpLimits.DEFAULT)
        .isEqualTo(new HttpLimits(java.time.Duration.ofSeconds(30), 1024, 64));
    Files.writeString(
        dir.resolve(ServerConfig.CONFIG_FILE_NAME),
        "idle-timeout-seconds=5\nmin-request-bytes-per-second=0\nmax-connections-per-address=3\n");

    HttpLimits fromFile =
        ServerConfig.resolve(Map.of("data", dir.toString()), Map.of(), Optional.empty())
            .httpLimits();
    HttpLimits fromEnv =
        ServerConfig.resolve(
                Map.of("data", dir.toString()),
                Map.of(
                    "EVALHUB_MAX_CONNECTIONS_PER_ADDRESS",
                    "0",
                    "EVALHUB_IDLE_TIMEOUT_SECONDS",
                    "60"),
                Optional.empty())
            .httpLimits();

    assertThat(fromFile).isEqualTo(new HttpLimits(java.time.Duration.ofSeconds(5), 0, 3));
    assertThat(fromEnv).isEqualTo(new HttpLimits(java.time.Duration.ofSeconds(60), 0, 0));
  }

  @Test
  void connectionLimitsRefuseNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(), Map.of("EVALHUB_IDLE_TIMEOUT_SECONDS", "0"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idle-timeout-seconds");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(),
                    Map.of("EVALHUB_MAX_CONNECTIONS_PER_ADDRESS", "-1"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-connections-per-address");
  }

  @Test
  void operationsSettingsComeFromFlagsEnvironmentOrTheFileWithServeDefaults() throws Exception {
    ServerConfig defaults = ServerConfig.resolve(Map.of(), Map.of(), Optional.empty());
    assertThat(defaults.operations()).isEqualTo(OperationsSettings.EMBEDDED);
    assertThat(defaults.operations().metrics()).isEqualTo(OperationsSettings.Metrics.LOOPBACK);

    Files.writeString(
        dir.resolve(ServerConfig.CONFIG_FILE_NAME),
        "metrics=off\nready-max-lag=7\ndrain-seconds=1\nlog-format=text\nstop-timeout-seconds=3\n");
    OperationsSettings resolved =
        ServerConfig.resolve(
                Map.of("data", dir.toString()),
                Map.of("EVALHUB_LOG_FORMAT", "JSON"),
                Optional.empty())
            .operations();

    assertThat(resolved.metrics()).isEqualTo(OperationsSettings.Metrics.OFF);
    assertThat(resolved.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(resolved.readyMaxLag()).isEqualTo(7);
    assertThat(resolved.drainDelay()).isEqualTo(java.time.Duration.ofSeconds(1));
    assertThat(resolved.stopTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(ServerConfig.forTest(dir).operations().drainDelay()).isZero();
    assertThat(ServerConfig.forTest(dir).operations().stopTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(10));
  }

  @Test
  void aBadOperationsSettingIsRefusedWithWhatIsAllowed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of("log-format", "xml"), Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log-format must be text or json, got \"xml\" (from --log-format)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of("metrics", "maybe"), Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics must be loopback, public or off, got \"maybe\" (from --metrics)");
  }

  @Test
  void anEmbeddedHubDrainsForNoTimeByDefault() {
    ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), Optional.empty());

    assertThat(config.operations().drainDelay()).isZero();
  }

  @Test
  void aHubOnPostgresqlDrainsForFiveSecondsByDefault() {
    ServerConfig config =
        ServerConfig.resolve(
            Map.of(),
            Map.of("EVALHUB_DB", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
            Optional.empty());

    assertThat(config.operations()).isEqualTo(OperationsSettings.DEFAULT);
    assertThat(config.operations().drainDelay()).isEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void aSetDrainBeatsEitherDefault() {
    ServerConfig config =
        ServerConfig.resolve(
            Map.of("drain-seconds", "0", "db", "jdbc:postgresql://127.0.0.1:5432/test"),
            Map.of(),
            Optional.empty());

    assertThat(config.operations().drainDelay()).isZero();
  }

  @Test
  void aNumberThatIsNotOneIsRefusedWithItsSource() throws Exception {
    Files.writeString(dir.resolve(ServerConfig.CONFIG_FILE_NAME), "drain-seconds=soon\n");

    assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of("data", dir.toString()), Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "drain-seconds must be 0 or more, got \"soon\" (from drain-seconds in "
                + dir.resolve(ServerConfig.CONFIG_FILE_NAME)
                + ")");
    assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of(), Map.of("EVALHUB_PORT", "70000"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 0 to 65535, got \"70000\" (from EVALHUB_PORT)");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of("stop-timeout-seconds", "-1"), Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "stop-timeout-seconds must be 0 or more, got \"-1\" (from --stop-timeout-seconds)");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(), Map.of("EVALHUB_MAX_REPO_BYTES", "-1"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "max-repo-bytes must be 0 (no limit) or positive, got \"-1\" (from"
                + " EVALHUB_MAX_REPO_BYTES)");
  }
}
