package dev.evalhub.service;

import dev.evalhub.domain.HubException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How webhooks are delivered and which URLs they may name: the first retry's delay (doubled on each
 * further attempt), the most attempts and the longest time a delivery is retried, the connect and
 * request timeouts, how often the worker looks for new events, the most deliveries in flight at
 * once, whether a URL may resolve to a loopback, private, link-local or other non-public address
 * ({@code allowPrivateAddresses}; the default refuses them, see docs/SECURITY.md), the hosts URLs
 * may name (empty: any), the most webhooks per account, and the hub's public URL that payloads link
 * to. Immutable.
 */
public record WebhookOptions(
    Duration firstRetry,
    int maxAttempts,
    Duration maxAge,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration poll,
    int parallel,
    boolean allowPrivateAddresses,
    Set<String> allowedHosts,
    int maxPerAccount,
    String publicUrl) {

  /** 1 s, 2 s, 4 s, ... up to 8 attempts or 1 hour; 5 s to connect, 10 s to answer. */
  public static WebhookOptions defaults(String publicUrl) {
    return new WebhookOptions(
        Duration.ofSeconds(1),
        8,
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofMillis(200),
        4,
        false,
        Set.of(),
        25,
        publicUrl);
  }

  public WebhookOptions {
    Objects.requireNonNull(firstRetry, "firstRetry");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(poll, "poll");
    allowedHosts =
        allowedHosts.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    Objects.requireNonNull(publicUrl, "publicUrl");
    publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    if (maxAttempts < 1 || parallel < 1 || maxPerAccount < 1) {
      throw new IllegalArgumentException(
          "webhook attempts, parallel deliveries and webhooks per account must be positive");
    }
  }

  /** These options with other retry timings (tests use milliseconds). */
  public WebhookOptions withRetries(Duration first, int attempts, Duration age) {
    return new WebhookOptions(
        first,
        attempts,
        age,
        connectTimeout,
        requestTimeout,
        poll,
        parallel,
        allowPrivateAddresses,
        allowedHosts,
        maxPerAccount,
        publicUrl);
  }

  /** These options with another address policy. */
  public WebhookOptions withAddressPolicy(boolean allowPrivate, Set<String> hosts) {
    return new WebhookOptions(
        firstRetry,
        maxAttempts,
        maxAge,
        connectTimeout,
        requestTimeout,
        poll,
        parallel,
        allowPrivate,
        hosts,
        maxPerAccount,
        publicUrl);
  }

  /** The delay before attempt {@code attempt + 1} after {@code attempt} failed ones (1, 2, ...). */
  public Duration backoff(int attempt) {
    return firstRetry.multipliedBy(1L << Math.min(30, Math.max(0, attempt - 1)));
  }

  /**
   * {@code url} parsed, if a webhook may POST to it: an absolute {@code http} or {@code https} URL
   * with a host and no user information, at most 2048 characters, of an allowed host, resolving
   * only to public addresses unless private ones are allowed.
   *
   * @throws HubException INVALID naming what is wrong
   */
  public URI check(String url) {
    if (url == null || url.isBlank()) {
      throw HubException.invalid("the webhook has no \"url\"");
    }
    if (url.length() > 2048) {
      throw HubException.invalid("the webhook url is longer than 2048 characters");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw HubException.invalid("the webhook url is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw HubException.invalid(
          "the webhook url must be http or https, got \"" + url.strip() + "\"");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw HubException.invalid("the webhook url has no host: \"" + url.strip() + "\"");
    }
    if (uri.getRawUserInfo() != null) {
      throw HubException.invalid("the webhook url must not hold a user name or password");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!allowedHosts.isEmpty() && !allowedHosts.contains(host)) {
      throw HubException.invalid("this hub does not deliver webhooks to the host " + host);
    }
    if (!allowPrivateAddresses) {
      try {
        for (InetAddress address :
            InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
          if (!isPublic(address)) {
            throw HubException.invalid(
                "this hub does not deliver webhooks to non-public addresses ("
                    + host
                    + " is "
                    + address.getHostAddress()
                    + ")");
          }
        }
      } catch (UnknownHostException e) {
        throw HubException.invalid("the webhook url's host " + host + " is not known");
      }
    }
    return uri;
  }

  private static boolean isPublic(InetAddress address) {
    byte[] bytes = address.getAddress();
    boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    boolean sharedCgnat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    // 0.0.0.0/8 ("this network", RFC 791), 198.18.0.0/15 (benchmarking, RFC 2544), 64:ff9b::/96
    // (NAT64, RFC 6052: an IPv4 address behind it may be private).
    boolean thisNetwork = bytes.length == 4 && bytes[0] == 0;
    boolean benchmarking = bytes.length == 4 && (bytes[0] & 0xff) == 198 && (bytes[1] & 0xfe) == 18;
    boolean nat64 =
        bytes.length == 16
            && bytes[0] == 0
            && bytes[1] == 0x64
            && (bytes[2] & 0xff) == 0xff
            && (bytes[3] & 0xff) == 0x9b;
    return !(thisNetwork
        || benchmarking
        || nat64
        || address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || uniqueLocal
        || sharedCgnat);
  }
}
