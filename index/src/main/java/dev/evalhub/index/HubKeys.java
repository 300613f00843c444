package dev.evalhub.index;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.domain.account.TrustedIssuerRecord;
import dev.evalhub.storage.HubKeyRecords;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.KeyFile;
import dev.evalhub.verification.KeyLoadException;
import dev.evalhub.verification.PublicJwk;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TrustedIssuers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.spec.InvalidKeySpecException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verification keys of a hub: its own keys, recorded (public halves, who made them,
 * revocations) on the keys' branch of {@code admin.git} ({@link HubKeyRecords}) with their private
 * halves in {@code DATA/keys/KID.key} (mode 600, never in git), plus the external issuers an
 * operator trusts (recorded on the same branch by {@code evalhub keys trust}, or named by the
 * {@code trusted-issuers} setting: issuer id to a JWKS file). Gives the trusted issuers for
 * verification, the active public keys for the JWKS endpoint and the newest active signing key. A
 * key file of an older hub at {@code DATA/keys/hub-signing.key} counts as an active key and is
 * recorded by the first change. Immutable.
 *
 * @param signingKey the newest active key whose private half this data folder holds
 * @param keys every recorded key, oldest first (with an unrecorded older key file's key)
 * @param issuers the external issuers recorded in {@code admin.git} ({@code evalhub keys trust})
 * @param trusted the issuers whose tokens verify: the active own keys, the recorded external
 *     issuers, then those of the {@code trusted-issuers} setting
 */
public record HubKeys(
    Optional<SigningKey> signingKey,
    List<HubKeyRecord> keys,
    List<TrustedIssuerRecord> issuers,
    TrustedIssuers trusted) {

  /** The default issuer id of a hub's own key. */
  public static final String DEFAULT_ISSUER = "evalhub";

  public HubKeys {
    keys = List.copyOf(keys);
    issuers = List.copyOf(issuers);
  }

  /**
   * The key file of an older hub (one key, made by {@code keys create} before keys were recorded).
   */
  public static Path keyFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("hub-signing.key");
  }

  /** The private half of the key {@code kid}. */
  public static Path keyFile(Path dataDir, String kid) {
    return dataDir.resolve("keys").resolve(kid + ".key");
  }

  /**
   * Writes a key file at the older single-key path, recorded at the next change or server start:
   * for tests and tools that prepare a data folder without opening it. Refuses to replace an
   * existing one.
   */
  public static SigningKey create(Path dataDir, String issuer) throws IOException {
    Path file = keyFile(dataDir);
    Files.createDirectories(file.getParent());
    SigningKey key = SigningKey.generate(issuer);
    KeyFile.create(file, key);
    return key;
  }

  /**
   * Makes the hub's first signing key.
   *
   * @throws HubException CONFLICT when an active key exists (use {@link #rotate})
   */
  public static SigningKey create(Storage storage, String issuer, String actor) throws IOException {
    HubKeys current = load(storage, Map.of());
    Optional<HubKeyRecord> active =
        current.keys().stream().filter(HubKeyRecord::isActive).findFirst();
    if (active.isPresent()) {
      throw HubException.conflict(
          "the hub has an active signing key already ("
              + active.get().kid()
              + "); evalhub keys rotate makes a new one");
    }
    return rotate(storage, Optional.of(issuer), actor);
  }

  /**
   * Makes a new signing key, which {@code sign} uses from now on; older keys keep verifying their
   * tokens until revoked. The issuer defaults to the newest active key's, else {@link
   * #DEFAULT_ISSUER}.
   */
  public static SigningKey rotate(Storage storage, Optional<String> issuer, String actor)
      throws IOException {
    recordOlderKeyFile(storage);
    String issuerId =
        issuer.orElseGet(
            () ->
                storage.hubKeys().list().stream()
                    .filter(HubKeyRecord::isActive)
                    .reduce((first, second) -> second)
                    .map(HubKeyRecord::issuer)
                    .orElse(DEFAULT_ISSUER));
    SigningKey key = SigningKey.generate(issuerId);
    Path file = keyFile(storage.dataDir(), key.kid());
    Files.createDirectories(file.getParent());
    // The private half first: a crash before the record leaves an unused file, never a key that
    // cannot sign.
    KeyFile.create(file, key);
    storage
        .hubKeys()
        .add(
            HubKeyRecord.active(key.kid(), key.issuer(), x(key.publicJwk()), Instant.now(), actor));
    return key;
  }

  /** Revokes the key {@code kid}: its tokens no longer verify, and it leaves the JWKS. */
  public static HubKeyRecord revoke(Storage storage, String kid, String actor) throws IOException {
    recordOlderKeyFile(storage);
    return storage.hubKeys().revoke(kid, actor);
  }

  /**
   * Records the key of an older hub's {@code hub-signing.key} when it is not recorded yet;
   * idempotent.
   */
  public static void recordOlderKeyFile(Storage storage) throws IOException {
    Path file = keyFile(storage.dataDir());
    if (!Files.exists(file)) {
      return;
    }
    SigningKey key = KeyFile.load(file);
    if (storage.hubKeys().find(key.kid()).isEmpty()) {
      try {
        storage
            .hubKeys()
            .add(
                HubKeyRecord.active(
                    key.kid(),
                    key.issuer(),
                    x(key.publicJwk()),
                    Files.getLastModifiedTime(file).toInstant(),
                    Storage.ADMIN_ACTOR));
      } catch (HubException e) {
        // Another process recorded it first.
      }
    }
  }

  /**
   * Loads the recorded keys (and an older key file), their private halves, and the external
   * issuers' JWKS.
   */
  public static HubKeys load(Storage storage, Map<String, Path> externalIssuers)
      throws IOException {
    Path dataDir = storage.dataDir();
    List<HubKeyRecord> records = new ArrayList<>(storage.hubKeys().list());
    Path older = keyFile(dataDir);
    Optional<SigningKey> olderKey =
        Files.exists(older) ? Optional.of(KeyFile.load(older)) : Optional.empty();
    if (olderKey.isPresent()
        && records.stream().noneMatch(r -> r.kid().equals(olderKey.get().kid()))) {
      records.add(
          0,
          HubKeyRecord.active(
              olderKey.get().kid(),
              olderKey.get().issuer(),
              x(olderKey.get().publicJwk()),
              Files.getLastModifiedTime(older).toInstant(),
              Storage.ADMIN_ACTOR));
    }
    TrustedIssuers trusted = TrustedIssuers.none();
    Optional<SigningKey> signing = Optional.empty();
    for (HubKeyRecord record : records) {
      if (!record.isActive()) {
        trusted =
            trusted.withRevoked(
                record.kid(),
                "revoked at " + record.revoked().get() + " by " + record.revokedBy().orElse("?"));
        continue;
      }
      trusted = trusted.with(record.issuer(), new Jwks(append(trusted, record)));
      Path own = keyFile(dataDir, record.kid());
      if (Files.exists(own)) {
        signing = Optional.of(KeyFile.load(own));
      } else if (olderKey.isPresent() && olderKey.get().kid().equals(record.kid())) {
        signing = olderKey;
      }
    }
    List<TrustedIssuerRecord> issuers = storage.hubKeys().issuers();
    for (TrustedIssuerRecord issuer : issuers) {
      trusted = trusted.with(issuer.issuer(), Jwks.parse(issuer.jwks()));
    }
    for (Map.Entry<String, Path> issuer : externalIssuers.entrySet()) {
      trusted = trusted.with(issuer.getKey(), Jwks.parse(Files.readString(issuer.getValue())));
    }
    return new HubKeys(signing, records, issuers, trusted);
  }

  /**
   * Trusts the external issuer {@code issuer} with the keys of the JWKS document {@code jwks},
   * replacing the keys recorded for it before.
   *
   * @throws KeyLoadException when {@code jwks} is not a set of Ed25519 public signing keys with
   *     kids (nothing is recorded then)
   * @throws HubException CONFLICT when {@code issuer} is the issuer of the hub's own keys
   */
  public static void trust(Storage storage, String issuer, String jwks, String actor)
      throws KeyLoadException {
    if (storage.hubKeys().list().stream().anyMatch(key -> key.issuer().equals(issuer))) {
      throw HubException.conflict(
          "\""
              + issuer
              + "\" is the issuer of this hub's own keys; an external issuer"
              + " needs an id of its own");
    }
    Jwks keys = Jwks.parse(jwks);
    if (keys.keys().isEmpty()) {
      throw new KeyLoadException("the JWKS of " + issuer + " has no keys");
    }
    storage.hubKeys().trust(new TrustedIssuerRecord(issuer, keys.toJson(), Instant.now(), actor));
  }

  /** No longer trusts the recorded external issuer {@code issuer}: its tokens stop verifying. */
  public static void untrust(Storage storage, String issuer, String actor) {
    storage.hubKeys().untrust(issuer, actor);
  }

  private static List<PublicJwk> append(TrustedIssuers trusted, HubKeyRecord record)
      throws KeyLoadException {
    List<PublicJwk> keys =
        new ArrayList<>(
            trusted.issuers().getOrDefault(record.issuer(), new Jwks(List.of())).keys());
    try {
      keys.add(PublicJwk.ofRaw(record.kid(), Base64.getUrlDecoder().decode(record.publicKey())));
    } catch (InvalidKeySpecException | IllegalArgumentException e) {
      throw new KeyLoadException(
          "the recorded key " + record.kid() + " is not an Ed25519 public key", e);
    }
    return keys;
  }

  private static String x(PublicJwk key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.raw());
  }

  /**
   * Parses the setting {@code trusted-issuers}: {@code ISSUER=JWKS_FILE} pairs separated by commas
   * (blank: none).
   */
  public static Map<String, Path> parseIssuers(String setting) {
    Map<String, Path> issuers = new LinkedHashMap<>();
    if (setting == null || setting.isBlank()) {
      return issuers;
    }
    for (String pair : setting.split(",")) {
      int equals = pair.lastIndexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "trusted-issuers: expected ISSUER=JWKS_FILE, got \"" + pair + "\"");
      }
      issuers.put(pair.substring(0, equals).strip(), Path.of(pair.substring(equals + 1).strip()));
    }
    return issuers;
  }

  /** The hub's own active public keys, as published at the JWKS endpoint, oldest first. */
  public Jwks publicKeys() {
    List<PublicJwk> active = new ArrayList<>();
    for (HubKeyRecord record : keys) {
      if (record.isActive()) {
        trusted
            .issuers()
            .getOrDefault(record.issuer(), new Jwks(List.of()))
            .find(record.kid())
            .ifPresent(active::add);
      }
    }
    return new Jwks(active);
  }
}
