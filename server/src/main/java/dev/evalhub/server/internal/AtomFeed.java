package dev.evalhub.server.internal;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.server.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a change feed as an Atom 1.0 document (RFC 4287) with the JDK's XML writer, which escapes
 * every text and attribute (user text is never concatenated into markup; characters XML 1.0 cannot
 * hold are dropped). Feed and entry ids are {@code tag:} URIs (RFC 4151): an entry's is built from
 * its event's {@link HubEvent#stableId()}, the same on every request and every hub holding the same
 * history. Stateless.
 */
public final class AtomFeed {

  /** The media type of an Atom document. */
  public static final String MEDIA_TYPE = "application/atom+xml; charset=utf-8";

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String TAG = "tag:evalhub,2026:";

  private AtomFeed() {}

  /**
   * The feed {@code title} with {@code entries} (newest first): {@code self} is the feed's own URL,
   * {@code page} the page it belongs to, {@code base} the hub's URL, {@code key} what the feed's id
   * names ({@code hub}, or a repository path).
   */
  public static byte[] write(
      String title, String key, String self, String page, String base, List<HubEvent> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml =
          XMLOutputFactory.newInstance().createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("feed");
      xml.writeDefaultNamespace(ATOM);
      text(xml, "id", TAG + "feed:" + key);
      text(xml, "title", title);
      text(xml, "updated", (entries.isEmpty() ? Instant.EPOCH : entries.get(0).time()).toString());
      link(xml, "self", self, "application/atom+xml");
      link(xml, "alternate", page, "text/html");
      xml.writeStartElement("generator");
      xml.writeCharacters("evalhub");
      xml.writeEndElement();
      for (HubEvent event : entries) {
        entry(xml, event, base);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write an Atom feed", e);
    }
    return out.toByteArray();
  }

  private static void entry(XMLStreamWriter xml, HubEvent event, String base)
      throws XMLStreamException {
    xml.writeStartElement("entry");
    text(xml, "id", TAG + "event:" + event.stableId());
    text(xml, "title", title(event));
    text(xml, "updated", event.time().toString());
    xml.writeStartElement("author");
    text(xml, "name", event.actor());
    xml.writeEndElement();
    link(xml, "alternate", base + link(event), "text/html");
    xml.writeEmptyElement("category");
    xml.writeAttribute("term", event.kind().id());
    xml.writeStartElement("content");
    xml.writeAttribute("type", "text");
    xml.writeCharacters(clean(content(event)));
    xml.writeEndElement();
    xml.writeEndElement();
  }

  /** One line that says what happened. */
  static String title(HubEvent event) {
    RepoId repo = event.repo();
    String name = repo.urlPath();
    return switch (event.kind()) {
      case REPO_CREATED -> name + ": repository created";
      case REPO_DELETED -> name + ": repository deleted";
      case CONTENT_UPDATED -> name + ": " + event.ref() + " updated";
      case RESULT_ADDED, RESULT_CHANGED, RESULT_REMOVED ->
          name
              + ": "
              + event.resultCount()
              + (event.resultCount() == 1 ? " result " : " results ")
              + event.kind().id().substring("result.".length());
      case TASK_INVALIDATED ->
          name
              + ": task "
              + event.task().map(HubEvent.TaskChange::taskId).orElse("")
              + " declared version "
              + event.task().map(t -> String.join(", ", t.addedInvalidVersions())).orElse("")
              + " invalid";
      default ->
          name
              + ": "
              + event
                  .discussion()
                  .map(
                      d ->
                          (d.isPullRequest() ? "pull request #" : "discussion #")
                              + d.number()
                              + " "
                              + verb(event.kind())
                              + ": "
                              + d.title())
                  .orElse(event.kind().id());
    };
  }

  private static String verb(HubEvent.Kind kind) {
    String id = kind.id();
    return switch (kind) {
      case COMMENT_ADDED -> "commented";
      case FLAG_RAISED -> "flag raised";
      case FLAG_RESOLVED -> "flag resolved";
      default -> id.substring(id.indexOf('.') + 1);
    };
  }

  private static String content(HubEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(title(event)).append('\n');
    text.append("by ").append(event.actor()).append(" at ").append(event.time()).append('\n');
    for (HubEvent.Result r : event.results()) {
      text.append(r.datasetId())
          .append(' ')
          .append(r.taskId())
          .append(r.notes().isEmpty() ? "" : " (" + r.notes() + ")")
          .append(": ")
          .append(r.oldValue().map(AtomFeed::number).orElse("—"))
          .append(" → ")
          .append(r.newValue().map(AtomFeed::number).orElse("—"))
          .append(" in ")
          .append(r.file())
          .append('\n');
    }
    if (event.truncated()) {
      text.append("… and ")
          .append(event.resultCount() - event.results().size())
          .append(" more results\n");
    }
    event
        .task()
        .filter(t -> !t.reason().isEmpty())
        .ifPresent(t -> text.append("reason: ").append(t.reason()).append('\n'));
    event
        .discussion()
        .filter(d -> !d.comment().isEmpty())
        .ifPresent(d -> text.append(d.comment()).append('\n'));
    return text.toString();
  }

  private static String number(double value) {
    return new String(Json.bytes(value), StandardCharsets.UTF_8);
  }

  /** The page of the event, below the hub's URL. */
  private static String link(HubEvent event) {
    String repo = "/" + event.repo().urlPath();
    return event
        .discussion()
        .map(d -> repo + "/discussions/" + d.number())
        .orElse(event.kind().name().startsWith("RESULT") ? repo + "/history" : repo);
  }

  private static void link(XMLStreamWriter xml, String rel, String href, String type)
      throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", clean(href));
  }

  private static void text(XMLStreamWriter xml, String element, String value)
      throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeCharacters(clean(value));
    xml.writeEndElement();
  }

  /** {@code text} without the characters XML 1.0 cannot hold (C0 controls but tab, CR, LF; ...). */
  static String clean(String text) {
    return text.codePoints()
        .filter(
            c ->
                c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
