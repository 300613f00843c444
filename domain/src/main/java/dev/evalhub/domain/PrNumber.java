package dev.evalhub.domain;

/**
 * The number of a discussion or pull request within its repository: 1, 2, 3, ..., never reused.
 * Immutable.
 */
public record PrNumber(int value) {

  public PrNumber {
    if (value < 1) {
      throw HubException.invalid("a pull request number is 1 or more, got " + value);
    }
  }

  /** Parses the decimal text of a URL segment; a malformed number is a bad request. */
  public static PrNumber parse(String text) {
    try {
      return new PrNumber(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw HubException.invalid("\"" + text + "\" is not a discussion number");
    }
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
