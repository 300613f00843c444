package dev.evalhub.cli;

import dev.evalhub.domain.HubException;
import dev.evalhub.formats.Validated;
import dev.evalhub.service.EvalHub;
import dev.evalhub.verification.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evalhub sign --model NS/NAME FILE}: adds a {@code verifyToken} signed by the hub's key to
 * every entry.
 */
@Command(
    name = "sign",
    description = "Sign every entry of a results file in place with the hub's key.")
final class SignCommand extends AdminCommand {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NS/NAME",
      description = "The model repository that will hold the file.")
  String model;

  @Parameters(paramLabel = "FILE", description = "A .eval_results YAML file, rewritten in place.")
  Path file;

  @Override
  void run(EvalHub hub, PrintWriter out) {
    try {
      SigningKey key = hub.keys().signingKey();
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Validated<String> signed = hub.keys().sign(key, text, model);
      if (signed.value().isEmpty()) {
        signed
            .errors()
            .forEach(d -> spec.commandLine().getErr().println(d.format(file.toString())));
        throw HubException.invalid(file + " was not signed");
      }
      Files.writeString(file, signed.value().get(), StandardCharsets.UTF_8);
      out.println("signed " + file + " for " + model + " with key " + key.kid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
