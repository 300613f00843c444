package dev.evalhub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.repo.FileChange;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("hostile")
class NdjsonCommitTest {

  private static final String HEADER = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}";

  private static String file(String path) {
    return "{\"key\":\"file\",\"value\":{\"path\":\""
        + path
        + "\",\"content\":\""
        + Base64.getEncoder().encodeToString("x".getBytes())
        + "\"}}";
  }

  private static String deleted(String key, String path) {
    return "{\"key\":\"" + key + "\",\"value\":{\"path\":\"" + path + "\"}}";
  }

  private static NdjsonCommit read(String... lines) throws Exception {
    return NdjsonCommit.read(
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "a file and a file below it",
            new String[] {HEADER, file("clash"), file("clash/x.txt")},
            "line 3: \"clash/x.txt\" needs the folder \"clash\", a file on line 2"),
        Arguments.of(
            "a file below, then the file",
            new String[] {HEADER, file("clash/x.txt"), file("clash")},
            "line 3: \"clash\" is a file here but a folder on line 2"),
        Arguments.of(
            "a deep clash", new String[] {HEADER, file("a/b"), file("a/b/c/d")}, "line 3:"),
        Arguments.of(
            "the header not first",
            new String[] {file("a"), HEADER},
            "line 1: the first line must be the header"),
        Arguments.of(
            "two headers",
            new String[] {HEADER, HEADER},
            "line 2: the header must be the first line"),
        Arguments.of(
            "a header after files",
            new String[] {HEADER, file("a"), HEADER},
            "line 3: the header must be the first line"),
        Arguments.of(
            "a numeric path",
            new String[] {
              HEADER, "{\"key\":\"file\",\"value\":{\"path\":5," + "\"content\":\"eA==\"}}"
            },
            "line 2: \"path\" must be a string, got number"),
        Arguments.of(
            "an object summary",
            new String[] {"{\"key\":\"header\",\"value\":{\"summary\":{\"a\":1}}}", file("a")},
            "line 1: \"summary\" must be a string, got object"),
        Arguments.of(
            "a numeric description",
            new String[] {"{\"key\":\"header\",\"value\":{\"description\":1}}", file("a")},
            "line 1: \"description\" must be a string"),
        Arguments.of(
            "a numeric parentCommit",
            new String[] {"{\"key\":\"header\",\"value\":{\"parentCommit\":1}}", file("a")},
            "line 1: \"parentCommit\" must be a string"),
        Arguments.of(
            "a short parentCommit",
            new String[] {"{\"key\":\"header\",\"value\":{\"parentCommit\":\"ab\"}}", file("a")},
            "line 1: parentCommit must be a full commit id"),
        Arguments.of(
            "an unknown key",
            new String[] {HEADER, deleted("renamedFile", "a")},
            "line 2: unsupported commit line \"renamedFile\""),
        Arguments.of(
            "a numeric key",
            new String[] {HEADER, "{\"key\":3,\"value\":{}}"},
            "line 2: \"key\" must be a string"),
        Arguments.of(
            "no key",
            new String[] {HEADER, "{\"value\":{\"path\":\"a\"}}"},
            "line 2: the line has no \"key\""),
        Arguments.of(
            "a value that is no object",
            new String[] {HEADER, "{\"key\":\"file\",\"value\":\"a\"}"},
            "line 2: the \"value\" of a \"file\" line must be a JSON object"),
        Arguments.of(
            "no path",
            new String[] {HEADER, "{\"key\":\"deletedFile\",\"value\":{}}"},
            "line 2: the line has no \"path\""),
        Arguments.of(
            "no content",
            new String[] {HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\"}}"},
            "line 2: the file \"a\" has no \"content\""),
        Arguments.of(
            "numeric content",
            new String[] {
              HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\"," + "\"content\":12}}"
            },
            "line 2: \"content\" must be a string"),
        Arguments.of(
            "bad base64",
            new String[] {
              HEADER,
              "{\"key\":\"file\",\"value\":{\"path\":\"a\"," + "\"content\":\"!!not base64!!\"}}"
            },
            "line 2: the content of \"a\" is not valid base64"),
        Arguments.of(
            "an unknown encoding",
            new String[] {
              HEADER,
              "{\"key\":\"file\",\"value\":{\"path\":\"a\","
                  + "\"content\":\"x\",\"encoding\":\"rot13\"}}"
            },
            "line 2: the encoding of \"a\" must be base64 or utf-8"),
        Arguments.of(
            "a path twice",
            new String[] {HEADER, file("a"), file("a")},
            "line 3: \"a\" is already named on line 2"),
        Arguments.of(
            "a file and its deletion",
            new String[] {HEADER, file("a"), deleted("deletedFile", "a")},
            "line 3: \"a\" is already named on line 2"),
        Arguments.of(
            "a folder's deletion and a file of its name",
            new String[] {HEADER, deleted("deletedFolder", "logs/"), file("logs")},
            "line 3: \"logs\" is already named on line 2"),
        Arguments.of(
            "an LFS file",
            new String[] {HEADER, "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\"}}"},
            "line 2: LFS is not supported"),
        Arguments.of(
            "a bad path", new String[] {HEADER, file(".git./config")}, "line 2: invalid file path"),
        Arguments.of(
            "two objects on one line",
            new String[] {HEADER + file("a")},
            "line 1: two JSON values"),
        Arguments.of(
            "an object over two lines",
            new String[] {HEADER, "{\"key\":\"deletedFile\",\n" + "\"value\":{\"path\":\"a\"}}"},
            "line 2: a JSON object spans several lines"),
        Arguments.of(
            "an array line",
            new String[] {HEADER, "[1]"},
            "line 2: each line must be a JSON object"),
        Arguments.of(
            "broken JSON", new String[] {HEADER, file("a"), "{\"key\":"}, "line 3: not valid JSON"),
        Arguments.of("no header at all", new String[] {""}, "the commit body has no header line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedBodyIsRefusedNamingTheLine(String what, String[] lines, String message) {
    assertThatThrownBy(() -> read(lines))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HubException.Kind.INVALID);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void wellFormedBodyIsReadWithItsHeaderAndChangesInOrder() throws Exception {
    NdjsonCommit commit =
        read(
            "{\"key\":\"header\",\"value\":{\"summary\":\"Add\",\"description\":\"why\","
                + "\"parentCommit\":\""
                + "a".repeat(40)
                + "\"}}",
            "",
            file("dir/a.txt"),
            "{\"key\":\"file\",\"value\":{\"path\":\"b.txt\",\"content\":\"hi\",\"encoding\":\"utf-8\"}}",
            deleted("deletedFile", "c.txt"),
            deleted("deletedFolder", "old/"));

    assertThat(commit.message()).isEqualTo("Add\n\nwhy");
    assertThat(commit.parentCommit()).hasValue("a".repeat(40));
    assertThat(commit.changes())
        .extracting(FileChange::path)
        .containsExactly("dir/a.txt", "b.txt", "c.txt", "old");
    assertThat(new String(commit.changes().get(1).content().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("hi");
  }
}
