package dev.evalhub.service;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.domain.account.TrustedIssuerRecord;
import dev.evalhub.formats.Validated;
import dev.evalhub.index.HubKeys;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.KeyLoadException;
import dev.evalhub.verification.ResultsFileSigner;
import dev.evalhub.verification.SigningKey;
import dev.evalhub.verification.TokenSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's Ed25519 signing keys and the external issuers it trusts. Public halves and their
 * history are recorded in {@code admin.git}; private halves stay in {@code DATA/keys/KID.key} with
 * mode 600. The changes are the command line's (the administrator's; methods named {@code
 * ...AsAdministrator}, recorded as done by {@link Storage#ADMIN_ACTOR}); a server's hub applies
 * them within a second ({@link EvalHub#open}). Reading the public keys needs no permission: they
 * are public. Thread-safe.
 */
public final class KeyService {

  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

  /** The default issuer id of the hub's own keys. */
  public static final String DEFAULT_ISSUER = HubKeys.DEFAULT_ISSUER;

  /** A key made by {@code create} or {@code rotate}, and the file that holds its private half. */
  public record CreatedKey(SigningKey key, Path file) {}

  private final EvalHub hub;

  /**
   * The keys a server's hub serves and verifies with, kept current by its watcher; empty: read on
   * each use.
   */
  private final AtomicReference<HubKeys> current = new AtomicReference<>();

  KeyService(EvalHub hub) {
    this.hub = hub;
  }

  /** The JWKS document of the hub's active (not revoked) public signing keys, as they are now. */
  public Jwks jwks() {
    HubKeys keys = current.get();
    return (keys != null ? keys : load()).publicKeys();
  }

  /** Creates the hub's first signing key for {@code issuer}; INVALID when it has one. */
  public CreatedKey createAsAdministrator(String issuer) {
    return created(io(() -> HubKeys.create(storage(), issuer, Storage.ADMIN_ACTOR)));
  }

  /**
   * Makes a new signing key, which signing uses from now on; older keys keep verifying their tokens
   * until revoked. Its issuer is {@code issuer}, else the newest active key's, else {@link
   * #DEFAULT_ISSUER}.
   */
  public CreatedKey rotateAsAdministrator(Optional<String> issuer) {
    return created(io(() -> HubKeys.rotate(storage(), issuer, Storage.ADMIN_ACTOR)));
  }

  /**
   * Makes a signing key (issuer {@link #DEFAULT_ISSUER}) when the hub has none; empty when it had
   * one.
   */
  public Optional<CreatedKey> ensureSigningKeyAsAdministrator() {
    if (listing().signingKey().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(rotateAsAdministrator(Optional.of(DEFAULT_ISSUER)));
  }

  /**
   * Revokes the key {@code kid}: its tokens no longer verify and it leaves the JWKS. NOT_FOUND when
   * unknown.
   */
  public HubKeyRecord revokeAsAdministrator(String kid) {
    return io(() -> HubKeys.revoke(storage(), kid, Storage.ADMIN_ACTOR));
  }

  /**
   * Trusts the tokens of the external issuer {@code issuer} signed by the keys of {@code jwks} (a
   * JWKS document); trusting it again replaces its keys.
   *
   * @throws KeyLoadException when {@code jwks} is not a set of Ed25519 public signing keys with
   *     kids
   */
  public void trustAsAdministrator(String issuer, String jwks) throws KeyLoadException {
    HubKeys.trust(storage(), issuer, jwks, Storage.ADMIN_ACTOR);
  }

  /** Stops trusting the external issuer {@code issuer}. */
  public void untrustAsAdministrator(String issuer) {
    HubKeys.untrust(storage(), issuer, Storage.ADMIN_ACTOR);
  }

  /** The hub's own keys (active and revoked, oldest first) and the issuers recorded by trust. */
  public Listing listing() {
    // Without the configured external issuers: a broken issuer file must not hide the hub's own
    // keys.
    HubKeys keys = io(() -> HubKeys.load(storage(), Map.of()));
    return new Listing(keys.signingKey(), keys.keys(), keys.issuers());
  }

  /**
   * What {@link #listing} returns: the key that signs now (the newest active one), every key, every
   * issuer.
   */
  public record Listing(
      Optional<SigningKey> signingKey, List<HubKeyRecord> keys, List<TrustedIssuerRecord> issuers) {
    public Listing {
      keys = List.copyOf(keys);
      issuers = List.copyOf(issuers);
    }
  }

  /** The key that signs now: NOT_FOUND when the hub has no active key. */
  public SigningKey signingKey() {
    return listing()
        .signingKey()
        .orElseThrow(
            () -> HubException.notFound("no signing key; create one with: evalhub keys create"));
  }

  /**
   * {@code text} (a {@code .eval_results} YAML file for the repository {@code repo}, {@code
   * NS/NAME}) with a {@code verifyToken} signed by {@code key} added to every entry, or the
   * problems that stop it.
   */
  public Validated<String> sign(SigningKey key, String text, String repo) {
    return new ResultsFileSigner(new TokenSigner(key), storage().options().formats())
        .sign(text, repo);
  }

  /** The keys as they are recorded, with the hub's external issuers. */
  HubKeys load() {
    return io(() -> HubKeys.load(storage(), hub.externalIssuers()));
  }

  /** Serves {@code keys} from now on (until the next {@link #reload}). */
  void loaded(HubKeys keys) {
    current.set(keys);
  }

  /**
   * Loads the keys again after another process changed them, verifies again the stored results
   * whose verification that changes, and serves them from now on.
   */
  void reload() {
    HubKeys loaded = load();
    int count = hub.index().trust(loaded.trusted());
    current.set(loaded);
    LOG.info(
        "keys changed: signing with {}, {} result(s) verified again",
        loaded.signingKey().map(SigningKey::kid).orElse("no key"),
        count);
  }

  private CreatedKey created(SigningKey key) {
    return new CreatedKey(key, HubKeys.keyFile(hub.dataDir(), key.kid()));
  }

  private Storage storage() {
    return hub.storage();
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
