package dev.evalhub.server;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the settings of {@code evalhub serve} come from, in this order: a command-line flag, an
 * environment variable, the config file, the default; the first non-blank value wins, stripped.
 * Resolves one {@link Setting} with an error that names the setting, what it must be, the value
 * given and where it came from. Immutable.
 */
final class SettingSources {

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Properties file;
  private final String fileName;

  /**
   * Sources {@code flags} (keyed as in the config file), {@code env}, and {@code file} (empty when
   * there is none) read from {@code fileName}.
   */
  SettingSources(
      Map<String, String> flags, Map<String, String> env, Properties file, String fileName) {
    this.flags = Map.copyOf(flags);
    this.env = Map.copyOf(env);
    this.file = file;
    this.fileName = fileName;
  }

  /**
   * The value of {@code setting}: the first source that gives it, parsed, else its default.
   *
   * @throws IllegalArgumentException "KEY must be REQUIREMENT, got "TEXT" (from SOURCE)" when the
   *     text does not parse or the value breaks the setting's rule; a word's own message, with the
   *     source, when its parser refuses it
   */
  <T> T get(Setting<T> setting) {
    Optional<Given> given = given(setting);
    if (given.isEmpty()) {
      return setting.fallback();
    }
    String text = given.get().text();
    T value;
    try {
      value = setting.parser().apply(text);
    } catch (NumberFormatException e) {
      throw refusal(setting, given.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (from " + given.get().source() + ")", e);
    }
    if (!setting.rule().test(value)) {
      throw refusal(setting, given.get());
    }
    return value;
  }

  private record Given(String text, String source) {}

  private Optional<Given> given(Setting<?> setting) {
    String flag = flags.get(setting.key());
    if (flag != null && !flag.isBlank()) {
      return Optional.of(new Given(flag.strip(), "--" + setting.key()));
    }
    String fromEnv = env.get(setting.env());
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Given(fromEnv.strip(), setting.env()));
    }
    String fromFile = file.getProperty(setting.key());
    if (fromFile != null && !fromFile.isBlank()) {
      return Optional.of(new Given(fromFile.strip(), setting.key() + " in " + fileName));
    }
    return Optional.empty();
  }

  private static IllegalArgumentException refusal(Setting<?> setting, Given given) {
    return new IllegalArgumentException(
        setting.key()
            + " must be "
            + setting.requirement()
            + ", got \""
            + given.text()
            + "\" (from "
            + given.source()
            + ")");
  }
}
