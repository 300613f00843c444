package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.AccountName;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import dev.evalhub.domain.RefName;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.repo.CommitRequest;
import dev.evalhub.domain.repo.FileChange;
import dev.evalhub.storage.internal.PushedMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for record text: titles, texts and the hub's commit messages. */
@Tag("hostile")
class RecordTextTest {

  @Test
  void titleOfExactlyTheLimitIsAcceptedAndOneMoreIsRefusedNamingTheField() {
    String limit = "é".repeat(RecordText.MAX_TITLE_CHARS);
    assertThat(RecordText.title("title", limit)).isEqualTo(limit);
    assertThatThrownBy(() -> RecordText.title("title", limit + "x"))
        .isInstanceOf(HubException.class)
        .hasMessage("title: at most 256 characters, got 257");
  }

  @Test
  void titleLengthCountsCodePointsNotUtf16Units() {
    String emoji = "\uD83D\uDE00".repeat(RecordText.MAX_TITLE_CHARS);
    assertThat(RecordText.title("title", emoji)).isEqualTo(emoji);
  }

  @Test
  void textOfExactlyTheLimitInUtf8BytesIsAcceptedAndOneByteMoreIsRefused() {
    String limit = "x".repeat(RecordText.MAX_TEXT_BYTES - 2) + "é";
    assertThat(RecordText.text("description", limit)).isEqualTo(limit);
    assertThatThrownBy(() -> RecordText.text("description", limit + "x"))
        .hasMessage("description: at most 65536 bytes of UTF-8, got 65537");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u009f", "\r", "\u000b", "\u000c"
      })
  void controlCharactersAreRefusedInTitlesAndTexts(String control) {
    assertThatThrownBy(() -> RecordText.title("title", "a" + control + "b"))
        .isInstanceOf(HubException.class)
        .hasMessageStartingWith("title: control character U+")
        .hasMessageContaining("at character 2");
    assertThatThrownBy(() -> RecordText.text("comment", "a" + control + "b"))
        .hasMessageStartingWith("comment: control character U+");
  }

  @Test
  void textKeepsNewlinesAndTabsAndTurnsCrlfIntoLf() {
    assertThat(RecordText.text("comment", "a\tb\r\nc\n")).isEqualTo("a\tb\nc\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\u2028", "\u2029"})
  void titleIsOneLine(String lineBreak) {
    assertThatThrownBy(() -> RecordText.title("summary", "a" + lineBreak + "b"))
        .hasMessageStartingWith("summary: must be one line");
  }

  @Test
  void titleMayHoldATabAndIsStripped() {
    assertThat(RecordText.title("title", "  a\tb  ")).isEqualTo("a\tb");
  }

  @Test
  void loneSurrogatesAreNotValidUnicode() {
    assertThatThrownBy(() -> RecordText.text("comment", "a\uD800b"))
        .hasMessageContaining("lone surrogate U+D800");
    assertThatThrownBy(() -> RecordText.title("title", "\uDC00"))
        .hasMessageContaining("lone surrogate U+DC00");
  }

  @Test
  void newDiscussionAppliesTheRuleToTitleAndDescription() {
    assertThatThrownBy(() -> new NewDiscussion("a\u0000", "", false))
        .hasMessageStartingWith("title: control");
    assertThatThrownBy(() -> new NewDiscussion("a", "\u0000", false))
        .hasMessageStartingWith("description: control");
    assertThatThrownBy(() -> new NewDiscussion("  ", "", false)).hasMessageStartingWith("title: ");
    assertThat(new NewDiscussion("a", "x\r\ny", true).description()).isEqualTo("x\ny");
  }

  @Test
  void commitRequestRefusesAnInvalidMessageEvenWhenAChannelForgotToCheck() {
    assertThatThrownBy(
            () ->
                new CommitRequest(
                    RefName.branch("main"),
                    java.util.Optional.empty(),
                    java.util.List.of(FileChange.delete("a")),
                    "bad\u0000",
                    new AccountName("alice")))
        .hasMessageStartingWith("commit message: control character U+0000");
  }

  @Test
  void pushedSubjectIsCutAtTheTitleLimitAndItsControlCharactersAreProblems() {
    PushedMessage longOne = PushedMessage.of("y".repeat(300) + "\n\nbody\r\nline");
    assertThat(longOne.title()).hasSize(256).endsWith("...");
    assertThat(longOne.body()).isEqualTo("body\nline");
    assertThat(longOne.problem(true)).isEmpty();
    assertThat(PushedMessage.of("a\u001b[31mred").problem(false))
        .hasValueSatisfying(p -> assertThat(p).startsWith("subject: control character U+001B"));
    assertThat(PushedMessage.of("ok\n\nbody\u0007").problem(true))
        .hasValueSatisfying(p -> assertThat(p).startsWith("body: control character U+0007"));
    assertThat(PushedMessage.of("ok\n\nbody\u0007").problem(false)).isEmpty();
    assertThat(PushedMessage.of("ok\n\n" + "z".repeat(RecordText.MAX_TEXT_BYTES + 1)).problem(true))
        .hasValueSatisfying(p -> assertThat(p).startsWith("body: at most 65536 bytes"));
  }
}
