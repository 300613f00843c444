package dev.evalhub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.domain.account.TrustedIssuerRecord;
import dev.evalhub.storage.internal.AdminRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The hub's own verification keys and the external issuers it trusts, NoteDb-style, on the branch
 * {@code refs/meta/keys} of {@code admin.git}: one git-config file per key, {@code
 * keys/<kid>.config}, and one JSON file per trusted issuer, {@code issuers/<sha256 of the issuer
 * id>.json}. Every change (a key made or revoked, an issuer trusted or dropped) is one commit by
 * compare-and-set, so the command line and a running server may both write, and a running server
 * notices a change by the branch's commit ({@link #version}). Only public keys are recorded.
 * Thread-safe.
 */
public final class HubKeyRecords {

  private static final String DIR = "keys/";
  private static final String SUFFIX = ".config";
  private static final String ISSUERS = "issuers/";
  private static final String JSON_SUFFIX = ".json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminRepository admin;
  private final Clock clock;

  HubKeyRecords(AdminRepository admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  /**
   * The commit id of the keys' branch (40 zeros before the first key): changes with every change.
   */
  public String version() {
    return admin.read().commit().name();
  }

  /** Every key ever recorded, oldest first (ties by kid). */
  public List<HubKeyRecord> list() {
    List<HubKeyRecord> keys = new ArrayList<>();
    admin
        .read()
        .files()
        .forEach(
            (path, bytes) -> {
              if (path.startsWith(DIR) && path.endsWith(SUFFIX)) {
                keys.add(parse(path, bytes));
              }
            });
    keys.sort(Comparator.comparing(HubKeyRecord::created).thenComparing(HubKeyRecord::kid));
    return List.copyOf(keys);
  }

  public Optional<HubKeyRecord> find(String kid) {
    return list().stream().filter(key -> key.kid().equals(kid)).findFirst();
  }

  /**
   * Records a new key.
   *
   * @throws HubException CONFLICT when a key with its kid is recorded already
   */
  public void add(HubKeyRecord key) {
    admin.update(
        snapshot -> {
          if (snapshot.files().containsKey(path(key.kid()))) {
            throw HubException.conflict("a key with the id " + key.kid() + " exists already");
          }
          return new AdminRepository.Edit(
              Map.of(path(key.kid()), Optional.of(bytes(key))),
              "Add key " + key.kid() + " of " + key.issuer());
        },
        ident(key.createdBy()));
  }

  /**
   * Revokes the key {@code kid} now, by {@code actor}: tokens it signed no longer verify.
   *
   * @throws HubException NOT_FOUND for an unknown kid, CONFLICT when it is revoked already
   */
  public HubKeyRecord revoke(String kid, String actor) {
    HubKeyRecord[] revoked = new HubKeyRecord[1];
    admin.update(
        snapshot -> {
          byte[] bytes = snapshot.files().get(path(kid));
          if (bytes == null) {
            throw HubException.notFound(
                "no key with the id \"" + kid + "\"; evalhub keys list shows them");
          }
          HubKeyRecord key = parse(path(kid), bytes);
          if (!key.isActive()) {
            throw HubException.conflict(
                "the key " + kid + " was revoked already, at " + key.revoked().get());
          }
          revoked[0] = key.revokedAt(clock.instant(), actor);
          return new AdminRepository.Edit(
              Map.of(path(kid), Optional.of(bytes(revoked[0]))), "Revoke key " + kid);
        },
        ident(actor));
    return revoked[0];
  }

  /** The external issuers trusted, by issuer id. */
  public List<TrustedIssuerRecord> issuers() {
    List<TrustedIssuerRecord> issuers = new ArrayList<>();
    admin
        .read()
        .files()
        .forEach(
            (path, bytes) -> {
              if (path.startsWith(ISSUERS) && path.endsWith(JSON_SUFFIX)) {
                issuers.add(parseIssuer(path, bytes));
              }
            });
    issuers.sort(Comparator.comparing(TrustedIssuerRecord::issuer));
    return List.copyOf(issuers);
  }

  /** Trusts {@code issuer}'s keys, replacing the keys recorded for it before. */
  public void trust(TrustedIssuerRecord issuer) {
    ObjectNode json = JSON.createObjectNode();
    json.put("issuer", issuer.issuer());
    json.put("jwks", issuer.jwks());
    json.put("added", issuer.added().toString());
    json.put("addedBy", issuer.addedBy());
    admin.update(
        snapshot ->
            new AdminRepository.Edit(
                Map.of(
                    issuerPath(issuer.issuer()),
                    Optional.of(json.toPrettyString().getBytes(StandardCharsets.UTF_8))),
                "Trust issuer " + issuer.issuer()),
        ident(issuer.addedBy()));
  }

  /**
   * No longer trusts {@code issuer}: its tokens stop verifying.
   *
   * @throws HubException NOT_FOUND when it is not a recorded trusted issuer
   */
  public void untrust(String issuer, String actor) {
    admin.update(
        snapshot -> {
          if (!snapshot.files().containsKey(issuerPath(issuer))) {
            throw HubException.notFound(
                "\""
                    + issuer
                    + "\" is not a trusted issuer recorded in admin.git;"
                    + " evalhub keys list shows them");
          }
          return new AdminRepository.Edit(
              Map.of(issuerPath(issuer), Optional.empty()), "Stop trusting " + issuer);
        },
        ident(actor));
  }

  private static String issuerPath(String issuer) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
      return ISSUERS + HexFormat.of().formatHex(hash) + JSON_SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static TrustedIssuerRecord parseIssuer(String path, byte[] bytes) {
    try {
      JsonNode json = JSON.readTree(bytes);
      return new TrustedIssuerRecord(
          json.get("issuer").asText(),
          json.get("jwks").asText(),
          Instant.parse(json.get("added").asText()),
          json.get("addedBy").asText());
    } catch (IOException | RuntimeException e) {
      throw new StorageException(
          "corrupt issuer record " + path + " on the keys' branch of admin.git", e);
    }
  }

  private static String path(String kid) {
    return DIR + kid + SUFFIX;
  }

  private static PersonIdent ident(String actor) {
    return new PersonIdent(actor, actor + "@users.evalhub.invalid");
  }

  private static byte[] bytes(HubKeyRecord key) {
    Config config = new Config();
    config.setString("key", null, "kid", key.kid());
    config.setString("key", null, "issuer", key.issuer());
    config.setString("key", null, "publicKey", key.publicKey());
    config.setString("key", null, "created", key.created().toString());
    config.setString("key", null, "createdBy", key.createdBy());
    key.revoked().ifPresent(time -> config.setString("key", null, "revoked", time.toString()));
    key.revokedBy().ifPresent(actor -> config.setString("key", null, "revokedBy", actor));
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  private static HubKeyRecord parse(String path, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      return new HubKeyRecord(
          config.getString("key", null, "kid"),
          config.getString("key", null, "issuer"),
          config.getString("key", null, "publicKey"),
          Instant.parse(config.getString("key", null, "created")),
          config.getString("key", null, "createdBy"),
          Optional.ofNullable(config.getString("key", null, "revoked")).map(Instant::parse),
          Optional.ofNullable(config.getString("key", null, "revokedBy")));
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException(
          "corrupt key record " + path + " on the keys' branch of admin.git", e);
    }
  }
}
