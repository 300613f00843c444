package dev.evalhub.formats;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a file: its value when it has no errors, and every diagnostic found
 * (warnings may accompany a value). Expected problems are values here, never exceptions. Immutable.
 *
 * @param <T> what the file holds
 */
public record Validated<T>(Optional<T> value, List<Diagnostic> diagnostics) {

  public Validated {
    diagnostics = List.copyOf(diagnostics);
    if (value.isPresent() && diagnostics.stream().anyMatch(Diagnostic::isError)) {
      throw new IllegalArgumentException("a file with errors has no value");
    }
  }

  /** A result for {@code diagnostics}: the value is kept only when none of them is an error. */
  public static <T> Validated<T> of(T value, List<Diagnostic> diagnostics) {
    boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
    return new Validated<>(failed ? Optional.empty() : Optional.of(value), diagnostics);
  }

  public static <T> Validated<T> failed(List<Diagnostic> diagnostics) {
    return new Validated<>(Optional.empty(), diagnostics);
  }

  public boolean isValid() {
    return value.isPresent();
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }
}
