package dev.evalhub.server.pages;

import java.math.BigDecimal;

/**
 * How the pages print a score: the shortest decimal that reads back as the same double, never
 * exponent form.
 */
final class Numbers {

  private Numbers() {}

  static String format(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
