package dev.evalhub.verification;

import dev.evalhub.verification.internal.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stores a {@link SigningKey} in a file that only its owner can read, and loads it back. Stateless
 * and thread-safe.
 *
 * <p>The file is text: comment lines ({@code #}), then {@code issuer: <id>} and {@code kid: <kid>},
 * then the private key as a PKCS#8 PEM block ({@code PRIVATE KEY}) and the public key as an X.509
 * PEM block ({@code PUBLIC KEY}). The public key is stored because the JDK cannot derive it from an
 * Ed25519 private key; loading checks that the two halves belong together. OpenSSL reads the PEM
 * blocks as they are ({@code openssl pkey -in FILE}).
 *
 * <p>On a POSIX file system the file is created with mode 600 atomically (never world-readable, not
 * even for an instant), an existing file is never overwritten, and a file that group or others may
 * access is refused.
 */
public final class KeyFile {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private KeyFile() {}

  /**
   * Writes {@code key} to a new file {@code path}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code path} exists: a signing key is
   *     never replaced silently
   */
  public static void create(Path path, SigningKey key) throws IOException {
    String text =
        "# evalhub signing key. Secret: keep this file readable by its owner only (chmod 600).\n"
            + "issuer: "
            + key.issuer()
            + "\n"
            + "kid: "
            + key.kid()
            + "\n"
            + Pem.encode("PRIVATE KEY", key.privateKey().getEncoded())
            + Pem.encode("PUBLIC KEY", key.publicJwk().key().getEncoded());
    if (isPosix(path)) {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(path);
    }
    try {
      Files.writeString(path, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // An empty key file left behind would block the next attempt and then fail to load.
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /**
   * Reads the key in {@code path}.
   *
   * @throws KeyLoadException when group or others may access the file, or its content is not a key
   *     file
   */
  public static SigningKey load(Path path) throws IOException {
    if (isPosix(path)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        throw new KeyLoadException(
            "refusing to load the signing key "
                + path
                + ": its permissions are "
                + PosixFilePermissions.toString(permissions)
                + ", but a private key must be accessible by its owner"
                + " only; run: chmod 600 "
                + path);
      }
    }
    return parse(Files.readString(path, StandardCharsets.UTF_8), path);
  }

  private static SigningKey parse(String text, Path path) throws KeyLoadException {
    Map<String, String> headers = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("#") && !line.startsWith("-----") && colon > 0) {
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    String issuer = require(headers, "issuer", path);
    String kid = require(headers, "kid", path);
    byte[] privateDer =
        Pem.decode(text, "PRIVATE KEY")
            .orElseThrow(
                () -> new KeyLoadException(path + " has no PRIVATE KEY block (PKCS#8 PEM)"));
    byte[] publicDer =
        Pem.decode(text, "PUBLIC KEY")
            .orElseThrow(() -> new KeyLoadException(path + " has no PUBLIC KEY block (X.509 PEM)"));
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
      EdECPublicKey publicKey =
          (EdECPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicDer));
      requireSameKeyPair(privateKey, publicKey, path);
      return new SigningKey(issuer, kid, privateKey, publicKey);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new KeyLoadException(path + " does not hold an Ed25519 key pair: " + e.getMessage(), e);
    }
  }

  /**
   * A probe signature proves the halves match, so a hand-edited file fails here, not at every
   * verification.
   */
  private static void requireSameKeyPair(PrivateKey privateKey, EdECPublicKey publicKey, Path path)
      throws GeneralSecurityException, KeyLoadException {
    byte[] probe = "evalhub key file check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(privateKey);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(publicKey);
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new KeyLoadException(
          path + ": the PUBLIC KEY block is not the public half of the PRIVATE KEY block");
    }
  }

  private static String require(Map<String, String> headers, String name, Path path)
      throws KeyLoadException {
    String value = headers.get(name);
    if (value == null || value.isEmpty()) {
      throw new KeyLoadException(
          path + " has no \"" + name + ": ...\" line; is it an evalhub key file?");
    }
    return value;
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
