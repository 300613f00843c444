package dev.evalhub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Work in progress. */
@Command(name = "validate", description = "Validate files.")
final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
