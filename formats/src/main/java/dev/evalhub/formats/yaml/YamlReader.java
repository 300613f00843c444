package dev.evalhub.formats.yaml;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.yaml.YamlNode.Entry;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Scalar;
import dev.evalhub.formats.yaml.YamlNode.ScalarType;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Reads one YAML 1.2 document from bytes into a {@link YamlNode} tree, within {@link YamlLimits}.
 *
 * <p>It works on SnakeYAML Engine's event stream rather than its composed nodes, so that nothing is
 * ever expanded: an anchor or alias is reported where it stands, nesting stops at the depth limit,
 * and a second document is an error. Every problem it can see is reported; a syntax error ends the
 * reading. Thread-safe and stateless.
 */
public final class YamlReader {

  /**
   * What reading produced: the root node when the document could be read, every problem found, and
   * whether one of them is a limit of evalhub's rather than of YAML (size, depth, an anchor, an
   * alias, a tag other than {@code !!str}): a caller that must not refuse such a document, a model
   * card's front matter, can tell.
   */
  public record Result(
      Optional<YamlNode> root, List<Diagnostic> diagnostics, boolean exceededLimits) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  private static final ScalarResolver RESOLVER = new CoreScalarResolver(false);
  private static final int MAX_DIAGNOSTICS = 100;

  private final YamlLimits limits;
  private final LoadSettings settings;

  public YamlReader(YamlLimits limits) {
    this.limits = limits;
    this.settings =
        LoadSettings.builder().setCodePointLimit(limits.maxBytes() + 1).setUseMarks(true).build();
  }

  public Result read(byte[] bytes) {
    List<Diagnostic> problems = new ArrayList<>();
    if (bytes.length > limits.maxBytes()) {
      problems.add(
          Diagnostic.error(
              1,
              1,
              "",
              "file is "
                  + bytes.length
                  + " bytes, larger than the limit of "
                  + limits.maxBytes()
                  + " bytes"));
      return new Result(Optional.empty(), problems, true);
    }
    Optional<String> text = decodeUtf8(bytes, problems);
    if (text.isEmpty()) {
      return new Result(Optional.empty(), problems, false);
    }
    Iterator<Event> events = new Parse(settings).parseString(text.get()).iterator();
    Builder builder = new Builder(events, limits.maxDepth(), problems);
    try {
      Optional<YamlNode> root = builder.readStream();
      return new Result(root, problems, builder.limited);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : e.getContext() + ": ";
      problems.add(at(mark, "", "invalid YAML: " + context + problem));
      return new Result(Optional.empty(), problems, builder.limited);
    } catch (YamlEngineException e) {
      problems.add(Diagnostic.error(1, 1, "", "invalid YAML: " + e.getMessage()));
      return new Result(Optional.empty(), problems, builder.limited);
    } catch (StopReading e) {
      return new Result(Optional.empty(), problems, builder.limited);
    }
  }

  /**
   * UTF-8 only, strictly: a malformed byte is reported at its line and column; a UTF-8 byte order
   * mark is skipped.
   */
  private static Optional<String> decodeUtf8(byte[] bytes, List<Diagnostic> problems) {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer output = CharBuffer.allocate(bytes.length);
    var outcome = decoder.decode(input, output, true);
    if (outcome.isError()) {
      output.flip();
      String valid = output.toString();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < valid.length(); i++) {
        if (valid.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int column = valid.codePointCount(lineStart, valid.length()) + 1;
      problems.add(
          Diagnostic.error(
              line,
              column,
              "",
              "file is not valid UTF-8: malformed byte 0x"
                  + String.format("%02X", bytes[input.position()] & 0xFF)
                  + " at byte offset "
                  + input.position()));
      return Optional.empty();
    }
    try {
      decoder.flush(output);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("decoder used out of order", e);
    }
    output.flip();
    return Optional.of(output.toString());
  }

  private static Diagnostic at(Mark mark, String path, String message) {
    return mark == null
        ? Diagnostic.error(1, 1, path, message)
        : Diagnostic.error(mark.getLine() + 1, mark.getColumn() + 1, path, message);
  }

  /** Ends the reading when a limit is crossed; never escapes {@link #read}. */
  private static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }

  /** Turns the event stream of one read into nodes; single use. */
  private static final class Builder {
    private final Iterator<Event> events;
    private final int maxDepth;
    private final List<Diagnostic> problems;

    /** Whether a limit of evalhub's (not of YAML) was crossed. */
    private boolean limited;

    Builder(Iterator<Event> events, int maxDepth, List<Diagnostic> problems) {
      this.events = events;
      this.maxDepth = maxDepth;
      this.problems = problems;
    }

    Optional<YamlNode> readStream() {
      expect(Event.ID.StreamStart);
      YamlNode root = null;
      int documents = 0;
      while (true) {
        Event event = events.next();
        if (event.getEventId() == Event.ID.StreamEnd) {
          break;
        }
        if (event.getEventId() != Event.ID.DocumentStart) {
          throw new IllegalStateException("unexpected YAML event " + event);
        }
        documents++;
        if (documents == 2) {
          report(event, "", "a file must hold a single YAML document; a second one starts here");
        }
        YamlNode node = readNode(events.next(), YamlPath.ROOT, 0);
        expect(Event.ID.DocumentEnd);
        if (documents == 1) {
          root = node;
        }
      }
      return Optional.ofNullable(root);
    }

    private YamlNode readNode(Event event, YamlPath path, int depth) {
      if (event instanceof NodeEvent node
          && event.getEventId() != Event.ID.Alias
          && node.getAnchor().isPresent()) {
        limited = true;
        report(
            event,
            path.toString(),
            "anchors are not allowed (&" + node.getAnchor().get().getValue() + ")");
      }
      switch (event.getEventId()) {
        case Alias:
          limited = true;
          report(event, path.toString(), "aliases are not allowed");
          return new Scalar("", ScalarType.NULL, false, line(event), column(event));
        case Scalar:
          return scalar((ScalarEvent) event, path);
        case SequenceStart:
          checkDepth(event, path, depth + 1);
          checkCollectionTag((CollectionStartEvent) event, path);
          return sequence(event, path, depth + 1);
        case MappingStart:
          checkDepth(event, path, depth + 1);
          checkCollectionTag((CollectionStartEvent) event, path);
          return mapping(event, path, depth + 1);
        default:
          throw new IllegalStateException("unexpected YAML event " + event);
      }
    }

    private Sequence sequence(Event start, YamlPath path, int depth) {
      List<YamlNode> items = new ArrayList<>();
      for (Event event = events.next();
          event.getEventId() != Event.ID.SequenceEnd;
          event = events.next()) {
        items.add(readNode(event, path.index(items.size()), depth));
      }
      return new Sequence(items, line(start), column(start));
    }

    private Mapping mapping(Event start, YamlPath path, int depth) {
      List<Entry> entries = new ArrayList<>();
      Map<String, Scalar> seen = new HashMap<>();
      for (Event event = events.next();
          event.getEventId() != Event.ID.MappingEnd;
          event = events.next()) {
        YamlNode key = readNode(event, path.key("?"), depth);
        if (!(key instanceof Scalar keyScalar)) {
          report(
              event,
              path.toString(),
              "mapping keys must be plain strings, found a " + key.kindName());
          readNode(events.next(), path, depth);
          continue;
        }
        YamlPath valuePath = path.key(keyScalar.text());
        YamlNode value = readNode(events.next(), valuePath, depth);
        Scalar first = seen.putIfAbsent(keyScalar.text(), keyScalar);
        if (first != null) {
          report(
              keyScalar.line(),
              keyScalar.column(),
              valuePath.toString(),
              "duplicate key \""
                  + keyScalar.text()
                  + "\" (first at "
                  + first.line()
                  + ":"
                  + first.column()
                  + ")");
          continue;
        }
        entries.add(new Entry(keyScalar, value));
      }
      return new Mapping(entries, line(start), column(start));
    }

    private Scalar scalar(ScalarEvent event, YamlPath path) {
      String text = event.getValue();
      boolean quoted = event.getScalarStyle() != ScalarStyle.PLAIN;
      Optional<String> tag = event.getTag().filter(t -> !t.equals("!"));
      ScalarType type;
      if (tag.isPresent()) {
        if (!tag.get().equals(Tag.STR.getValue())) {
          limited = true;
          report(event, path.toString(), "tag " + tag.get() + " is not allowed; only !!str is");
        }
        type = ScalarType.STRING;
        quoted = true;
      } else if (quoted) {
        type = ScalarType.STRING;
      } else {
        type = typeOf(RESOLVER.resolve(text, true));
      }
      return new Scalar(text, type, quoted, line(event), column(event));
    }

    private static ScalarType typeOf(Tag tag) {
      if (tag.equals(Tag.INT)) {
        return ScalarType.INTEGER;
      }
      if (tag.equals(Tag.FLOAT)) {
        return ScalarType.FLOAT;
      }
      if (tag.equals(Tag.BOOL)) {
        return ScalarType.BOOLEAN;
      }
      if (tag.equals(Tag.NULL)) {
        return ScalarType.NULL;
      }
      return ScalarType.STRING;
    }

    private void checkCollectionTag(CollectionStartEvent event, YamlPath path) {
      event
          .getTag()
          .filter(
              t -> !t.equals("!") && !t.equals(Tag.SEQ.getValue()) && !t.equals(Tag.MAP.getValue()))
          .ifPresent(
              t -> {
                limited = true;
                report(event, path.toString(), "tag " + t + " is not allowed");
              });
    }

    private void checkDepth(Event event, YamlPath path, int depth) {
      if (depth > maxDepth) {
        limited = true;
        report(
            event, path.toString(), "nesting is deeper than the limit of " + maxDepth + " levels");
        throw new StopReading();
      }
    }

    private void expect(Event.ID id) {
      Event event = events.next();
      if (event.getEventId() != id) {
        throw new IllegalStateException("expected YAML event " + id + ", got " + event);
      }
    }

    private void report(Event event, String path, String message) {
      report(line(event), column(event), path, message);
    }

    private void report(int line, int column, String path, String message) {
      problems.add(Diagnostic.error(line, column, path, message));
      if (problems.size() >= MAX_DIAGNOSTICS) {
        problems.add(
            Diagnostic.error(line, column, path, "too many problems; stopped reading here"));
        throw new StopReading();
      }
    }

    private static int line(Event event) {
      return event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private static int column(Event event) {
      return event.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }
  }
}
