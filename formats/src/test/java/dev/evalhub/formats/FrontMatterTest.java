package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Front matter is found exactly as the Hub finds it. Each row states the Hub's result, worked out
 * from its {@code REGEX_YAML_BLOCK} ({@code huggingface_hub/repocard.py}, the same as the Hub
 * server's {@code ViewMarkdown.ts}) run by JavaScript: the YAML it reads (null: none), the line
 * that YAML starts on, and whether evalhub warns that something looks like front matter but is not
 * read.
 */
@Tag("hostile")
class FrontMatterTest {

  /** The Hub's expression, character for character, as huggingface_hub spells it in Python. */
  private static final String HUB_REGEX =
      "^(\\s*---(?:\\r\\n|\\r|\\n))([\\S\\s]*?)((?:\\r\\n|\\r|\\n)---[ \\t]*(\\r\\n|\\n|$))";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("plain LF", "---\na: 1\n---\n# T\n", "a: 1", 2, false),
        row("no final newline after the closing ---", "---\na: 1\n---", "a: 1", 2, false),
        row("CRLF", "---\r\na: 1\r\n---\r\n# T\r\n", "a: 1", 2, false),
        row("CR only, closing --- at the end of the file", "---\ra: 1\r---", "a: 1", 2, false),
        row(
            "CR only, text after the closing ---: $ is the end, so no closing line",
            "---\ra: 1\r---\r# T",
            null,
            0,
            true),
        row(
            "closing --- then a lone CR at the end: JavaScript's $ is not before it",
            "---\na: 1\n---\r",
            null,
            0,
            true),
        row(
            "byte order mark (JavaScript's \\s matches U+FEFF)",
            "\uFEFF---\na: 1\n---\n",
            "a: 1",
            2,
            false),
        row("blank lines before the opening ---", "\n\n---\na: 1\n---\n", "a: 1", 4, false),
        row("spaces and a tab before the opening ---", "  \t---\na: 1\n---\n", "a: 1", 2, false),
        row(
            "blank CRLF lines and a no-break space before the opening ---",
            "\r\n\u00A0\r\n---\r\na: 1\r\n---\r\n",
            "a: 1",
            4,
            false),
        row("spaces and tabs after the closing ---", "---\na: 1\n--- \t\n# T\n", "a: 1", 2, false),
        row("spaces after the opening ---", "--- \na: 1\n---\n", null, 0, true),
        row("four dashes open nothing", "----\na: 1\n----\n", null, 0, true),
        row("an indented closing --- closes nothing", "---\na: 1\n  ---\n", null, 0, true),
        row("... closes nothing", "---\na: 1\n...\n# T\n", null, 0, true),
        row("no closing line", "---\na: 1\n", null, 0, true),
        row("--- alone", "---", null, 0, true),
        row("empty block, LF: the closing line break is missing", "---\n---\n", null, 0, true),
        row(
            "empty block, CRLF: the opening takes only CR, the closing starts at LF",
            "---\r\n---\r\n",
            "",
            2,
            false),
        row("empty block with a blank line", "---\n\n---\n", "", 2, false),
        row(
            "a four-dash line inside is content",
            "---\na: 1\n----\nb: 2\n---\n",
            "a: 1\n----\nb: 2",
            2,
            false),
        row("the first closing line wins", "---\na: 1\n---\nb: 2\n---\n", "a: 1", 2, false),
        row(
            "text before the opening ---: no front matter, no warning",
            "# T\n---\na: 1\n---\n",
            null,
            0,
            false),
        row("no front matter at all", "# Title\n\nText.\n", null, 0, false));
  }

  private static Arguments row(
      String name, String file, String yaml, int firstLine, boolean warns) {
    return Arguments.of(name, file, yaml, firstLine, warns);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void frontMatterIsFoundAsTheHubFindsIt(
      String name, String file, String yaml, int firstLine, boolean warns) {
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);

    Optional<FrontMatter> found = FrontMatter.find(bytes);

    assertThat(found.map(f -> new String(f.yaml(), StandardCharsets.UTF_8)))
        .isEqualTo(Optional.ofNullable(yaml));
    found.ifPresent(f -> assertThat(f.firstLine()).isEqualTo(firstLine));
    assertThat(FrontMatter.whyNotRead(bytes).isPresent()).isEqualTo(warns);
    assertThat(EvalFormats.standard().readModelCard(bytes).warnings().isEmpty()).isEqualTo(!warns);
  }

  @Test
  void theExpressionIsTheHubsWithJavaScriptsMeaningOfSpaceAndEnd() {
    assertThat(
            FrontMatter.PATTERN.pattern().replace(FrontMatter.JS_SPACE, "\\s").replace("\\z", "$"))
        .isEqualTo(HUB_REGEX);
  }

  @Test
  void aModelIndexThatIsNotReadIsWarnedAbout() {
    byte[] readme =
        "--- \nmodel-index:\n- name: m\n  results: []\n---\n".getBytes(StandardCharsets.UTF_8);

    Validated<?> card = EvalFormats.standard().readModelCard(readme);

    assertThat(card.isValid()).isTrue();
    assertThat(card.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.format("README.md"))
                    .isEqualTo(
                        "README.md:1:1: warning: the file starts with \"---\" but the Hub reads no front matter: the opening line"
                            + " must be exactly \"---\"; its model-index is not read"));
  }

  @Test
  void aMegabyteWithoutAClosingLineIsSearchedInLinearTime() {
    byte[] readme = ("---\n" + "a: 1\r".repeat(200_000)).getBytes(StandardCharsets.UTF_8);

    long start = System.nanoTime();
    assertThat(FrontMatter.find(readme)).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }
}
