package dev.evalhub.server;

import dev.evalhub.server.internal.WebhookJson;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.WebhookOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The webhooks' settings of {@code serve} (docs/WEBHOOKS.md), each from the environment ({@code
 * EVALHUB_} and the key in upper case with underscores), else the config file ({@code --config},
 * else {@code DATA/evalhub.properties}), else the default: {@code webhooks-public-url} (the hub's
 * address in payloads; default {@code http://HOST:PORT}), {@code webhooks-allow-private-addresses}
 * (default {@code false}: loopback and private addresses refused), {@code webhooks-allowed-hosts}
 * (comma-separated; default: any host), {@code webhooks-first-retry-millis} (1000), {@code
 * webhooks-max-attempts} (8), {@code webhooks-max-age-seconds} (3600). Stateless.
 */
public final class WebhookSettings {

  private WebhookSettings() {}

  /** The options of a hub listening at {@code localUrl}, as the settings say. */
  public static WebhookOptions resolve(
      Map<String, String> env, Optional<Path> configFile, Path dataDir, String localUrl) {
    Properties file = new Properties();
    Path path = configFile.orElse(dataDir.resolve(ServerConfig.CONFIG_FILE_NAME));
    if (Files.isRegularFile(path)) {
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the config file " + path + ": " + e.getMessage(), e);
      }
    }
    WebhookOptions defaults = WebhookOptions.defaults(localUrl);
    String publicUrl = setting(env, file, "webhooks-public-url").orElse(localUrl);
    boolean allowPrivate =
        setting(env, file, "webhooks-allow-private-addresses")
            .map(Boolean::parseBoolean)
            .orElse(defaults.allowPrivateAddresses());
    Set<String> hosts =
        setting(env, file, "webhooks-allowed-hosts")
            .map(v -> Set.copyOf(Arrays.asList(v.split(","))))
            .orElse(Set.of());
    Duration first =
        setting(env, file, "webhooks-first-retry-millis")
            .map(v -> Duration.ofMillis(Long.parseLong(v)))
            .orElse(defaults.firstRetry());
    int attempts =
        setting(env, file, "webhooks-max-attempts")
            .map(Integer::parseInt)
            .orElse(defaults.maxAttempts());
    Duration age =
        setting(env, file, "webhooks-max-age-seconds")
            .map(v -> Duration.ofSeconds(Long.parseLong(v)))
            .orElse(defaults.maxAge());
    return new WebhookOptions(
            defaults.firstRetry(),
            defaults.maxAttempts(),
            defaults.maxAge(),
            defaults.connectTimeout(),
            defaults.requestTimeout(),
            defaults.poll(),
            defaults.parallel(),
            defaults.allowPrivateAddresses(),
            defaults.allowedHosts(),
            defaults.maxPerAccount(),
            publicUrl)
        .withRetries(first, attempts, age)
        .withAddressPolicy(allowPrivate, hosts);
  }

  /** Starts the webhooks' delivery worker of {@code hub} with {@code options}. */
  public static void startDelivery(EvalHub hub, WebhookOptions options) {
    hub.webhooks().startDelivery(options, WebhookJson.PAYLOADS);
  }

  private static Optional<String> setting(Map<String, String> env, Properties file, String key) {
    String fromEnv = env.get("EVALHUB_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    String fromFile = file.getProperty(key);
    return fromFile == null || fromFile.isBlank()
        ? Optional.empty()
        : Optional.of(fromFile.strip());
  }
}
