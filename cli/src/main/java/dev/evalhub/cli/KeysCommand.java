package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.account.HubKeyRecord;
import dev.evalhub.domain.account.TrustedIssuerRecord;
import dev.evalhub.service.EvalHub;
import dev.evalhub.service.KeyService;
import dev.evalhub.verification.Jwks;
import dev.evalhub.verification.KeyLoadException;
import dev.evalhub.verification.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evalhub keys create|rotate|revoke|list|trust|untrust}: the hub's Ed25519 signing keys and
 * the external issuers it trusts ({@link KeyService}). Public halves and their history are recorded
 * in {@code admin.git} (a running server applies a change within a second); private halves stay in
 * {@code DATA/keys/KID.key} with mode 600.
 */
@Command(
    name = "keys",
    description = "Manage the hub's verification keys.",
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.Rotate.class,
      KeysCommand.Revoke.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Trust.class,
      KeysCommand.Untrust.class
    })
final class KeysCommand {

  @Command(
      name = "create",
      description = "Create the hub's first signing key (DATA/keys/KID.key, mode 600).")
  static final class Create extends AdminCommand {
    @Option(
        names = "--issuer",
        paramLabel = "ID",
        defaultValue = KeyService.DEFAULT_ISSUER,
        description = "The issuer id written into every token (default: ${DEFAULT-VALUE}).")
    String issuer;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      KeyService.CreatedKey created = hub.keys().createAsAdministrator(issuer);
      out.println(
          "created signing key "
              + created.key().kid()
              + " for issuer "
              + created.key().issuer()
              + " in "
              + created.file());
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Make a new signing key, which sign uses from now on.",
        "Older keys keep verifying their tokens until revoked."
      })
  static final class Rotate extends AdminCommand {
    @Option(
        names = "--issuer",
        paramLabel = "ID",
        description =
            "The issuer id of the new key (default: the newest active key's, else evalhub).")
    String issuer;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      KeyService.CreatedKey created = hub.keys().rotateAsAdministrator(Optional.ofNullable(issuer));
      out.println(
          "created signing key "
              + created.key().kid()
              + " for issuer "
              + created.key().issuer()
              + " in "
              + created.file()
              + "; sign uses it from now on");
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke a key: its tokens no longer verify and it leaves the JWKS.")
  static final class Revoke extends AdminCommand {
    @Parameters(paramLabel = "KID")
    String kid;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      HubKeyRecord revoked = hub.keys().revokeAsAdministrator(kid);
      out.println("revoked key " + revoked.kid() + " at " + revoked.revoked().orElseThrow());
    }
  }

  @Command(
      name = "trust",
      description = {
        "Trust an external issuer's tokens: its id and its public keys (JWKS).",
        "Running again with another JWKS replaces its keys."
      })
  static final class Trust extends AdminCommand {
    @Parameters(
        index = "0",
        paramLabel = "ISSUER",
        description = "The issuer id its tokens carry in iss.")
    String issuer;

    @Parameters(
        index = "1",
        paramLabel = "JWKS_FILE",
        description = "Its Ed25519 public keys, a JWKS document.")
    Path jwks;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      try {
        hub.keys().trustAsAdministrator(issuer, Files.readString(jwks, StandardCharsets.UTF_8));
        out.println("trusting " + issuer + " with the keys of " + jwks);
      } catch (KeyLoadException e) {
        throw HubException.invalid(jwks + ": " + e.getMessage());
      } catch (IOException e) {
        throw HubException.invalid("cannot read " + jwks + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "untrust",
      description = "Stop trusting an external issuer recorded by keys trust.")
  static final class Untrust extends AdminCommand {
    @Parameters(paramLabel = "ISSUER")
    String issuer;

    @Override
    void run(EvalHub hub, PrintWriter out) {
      hub.keys().untrustAsAdministrator(issuer);
      out.println("no longer trusting " + issuer);
    }
  }

  @Command(
      name = "list",
      description = "List the hub's keys: kid, state, issuer, created, revoked.")
  static final class ListKeys extends AdminCommand {
    @Override
    void run(EvalHub hub, PrintWriter out) {
      KeyService.Listing keys = hub.keys().listing();
      String signing = keys.signingKey().map(SigningKey::kid).orElse("");
      for (HubKeyRecord key : keys.keys()) {
        String state =
            !key.isActive() ? "revoked" : key.kid().equals(signing) ? "signing" : "active";
        out.println(
            key.kid()
                + "\t"
                + state
                + "\t"
                + key.issuer()
                + "\t"
                + key.created()
                + " by "
                + key.createdBy()
                + key.revoked()
                    .map(t -> "\trevoked " + t + " by " + key.revokedBy().orElse("?"))
                    .orElse(""));
      }
      for (TrustedIssuerRecord issuer : keys.issuers()) {
        try {
          out.println(
              "issuer\t"
                  + issuer.issuer()
                  + "\t"
                  + Jwks.parse(issuer.jwks()).keys().size()
                  + " key(s)\t"
                  + issuer.added()
                  + " by "
                  + issuer.addedBy());
        } catch (KeyLoadException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
