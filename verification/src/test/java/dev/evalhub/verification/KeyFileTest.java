package dev.evalhub.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

  @TempDir Path folder;

  @Test
  void createdKeyFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = folder.resolve("signing-key.pem");

    KeyFile.create(file, SigningKey.generate(Fixtures.HUB));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void loadedKeySignsTokensTheOriginalPublicKeyVerifies() throws Exception {
    SigningKey original = SigningKey.generate(Fixtures.HUB);
    Path file = folder.resolve("signing-key.pem");
    KeyFile.create(file, original);

    SigningKey loaded = KeyFile.load(file);

    String token = new TokenSigner(loaded).sign(Fixtures.MODEL, Fixtures.entry(20.9));
    assertThat(
            new TokenVerifier(TrustedIssuers.none().with(original))
                .verify(token, Fixtures.MODEL_ID, Fixtures.entry(20.9)))
        .isEqualTo(Verification.verified(Fixtures.HUB, original.kid()));
  }

  @Test
  void keyFileReadableByOthersIsRefused() throws Exception {
    Path file = folder.resolve("signing-key.pem");
    KeyFile.create(file, SigningKey.generate(Fixtures.HUB));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KeyFile.load(file))
        .isInstanceOf(KeyLoadException.class)
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("chmod 600 " + file);
  }

  @Test
  void existingKeyFileIsNeverOverwritten() throws Exception {
    Path file = folder.resolve("signing-key.pem");
    KeyFile.create(file, SigningKey.generate(Fixtures.HUB));

    assertThatThrownBy(() -> KeyFile.create(file, SigningKey.generate(Fixtures.HUB)))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void keyFileWhosePublicHalfWasSwappedIsRefused() throws Exception {
    Path mine = folder.resolve("mine.pem");
    Path other = folder.resolve("other.pem");
    KeyFile.create(mine, SigningKey.generate(Fixtures.HUB));
    KeyFile.create(other, SigningKey.generate(Fixtures.HUB));
    String mineText = Files.readString(mine);
    String otherText = Files.readString(other);
    String swapped =
        mineText.substring(0, mineText.indexOf("-----BEGIN PUBLIC KEY-----"))
            + otherText.substring(otherText.indexOf("-----BEGIN PUBLIC KEY-----"));
    Files.writeString(mine, swapped);

    assertThatThrownBy(() -> KeyFile.load(mine))
        .isInstanceOf(KeyLoadException.class)
        .hasMessageContaining("not the public half");
  }

  @Test
  void fileThatIsNotAKeyFileIsRefusedWithItsPath() throws Exception {
    Path file = Files.writeString(folder.resolve("notes.txt"), "hello\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> KeyFile.load(file))
        .isInstanceOf(KeyLoadException.class)
        .hasMessageContaining(file + " has no \"issuer: ...\" line");
  }
}
