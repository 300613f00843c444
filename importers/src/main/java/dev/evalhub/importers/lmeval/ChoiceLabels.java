package dev.evalhub.importers.lmeval;

import java.util.List;

/**
 * Tells letter choices from answer texts: the choices of one question are letter labels when there
 * are at least two and choice {@code i} is the {@code i}-th letter ({@code A}, {@code B}, … or
 * {@code a}, {@code b}, …), written bare or as {@code (A)}, {@code A.} or {@code A)}, with any
 * surrounding whitespace (the target delimiter {@code " "}, dropped under a chat template). Digits
 * are not labels: {@code ["3", "4", "5", "6"]} are answer texts. Stateless.
 */
final class ChoiceLabels {

  private ChoiceLabels() {}

  static boolean areLetters(List<String> choices) {
    if (choices.size() < 2 || choices.size() > 26) {
      return false;
    }
    for (int i = 0; i < choices.size(); i++) {
      if (!isLabel(choices.get(i), i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLabel(String choice, int index) {
    String text = choice.strip();
    if (text.length() == 3 && text.charAt(0) == '(' && text.charAt(2) == ')') {
      text = text.substring(1, 2);
    } else if (text.length() == 2 && (text.charAt(1) == '.' || text.charAt(1) == ')')) {
      text = text.substring(0, 1);
    }
    return text.length() == 1
        && (text.charAt(0) == (char) ('A' + index) || text.charAt(0) == (char) ('a' + index));
  }
}
