package dev.evalhub.cli;

import dev.evalhub.index.HubKeys;
import dev.evalhub.storage.HubException;
import dev.evalhub.storage.Storage;
import dev.evalhub.verification.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evalhub keys create [--issuer ID]}: the hub's Ed25519 signing key, in the data folder with mode 600. */
@Command(name = "keys", description = "Manage the hub's verification keys.", subcommands = KeysCommand.Create.class)
final class KeysCommand {

  @Command(name = "create", description = "Create the hub's signing key (DATA/keys/hub-signing.key, mode 600).")
  static final class Create extends AdminCommand {
    @Option(names = "--issuer", paramLabel = "ID", defaultValue = HubKeys.DEFAULT_ISSUER,
        description = "The issuer id written into every token (default: ${DEFAULT-VALUE}).")
    String issuer;

    @Override
    void run(Storage storage, PrintWriter out) {
      try {
        SigningKey key = HubKeys.create(storage.dataDir(), issuer);
        out.println("created signing key " + key.kid() + " for issuer " + key.issuer() + " in "
            + HubKeys.keyFile(storage.dataDir()));
      } catch (FileAlreadyExistsException e) {
        throw HubException.conflict("a signing key exists already: " + HubKeys.keyFile(storage.dataDir()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
