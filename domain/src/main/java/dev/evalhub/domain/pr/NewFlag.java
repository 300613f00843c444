package dev.evalhub.domain.pr;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RecordText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What raising a flag needs, checked: a category, the targeted result ({@code file}, {@code
 * dataset}, {@code taskId}, {@code notes} empty unless the file holds the task more than once), the
 * evidence text (not empty, {@link RecordText} rules) and at most {@link #MAX_LINKS} links, each an
 * absolute {@code http} or {@code https} URL with a host, at most {@link #MAX_LINK_CHARS}
 * characters. A refusal is INVALID and names the field. Immutable.
 */
public record NewFlag(
    FlagCategory category,
    String file,
    String dataset,
    String taskId,
    String notes,
    String evidence,
    List<String> links) {

  /** At most this many links. */
  public static final int MAX_LINKS = 10;

  /** At most this many characters per link. */
  public static final int MAX_LINK_CHARS = 2000;

  public NewFlag {
    Objects.requireNonNull(category, "category");
    file = required("target.filename", file);
    dataset = required("target.dataset", dataset);
    taskId = required("target.task_id", taskId);
    notes = notes == null ? "" : notes;
    evidence = RecordText.text("evidence", evidence == null ? "" : evidence).strip();
    if (evidence.isEmpty()) {
      throw HubException.invalid("evidence: a flag needs evidence (text)");
    }
    links = checkedLinks(links == null ? List.of() : links);
  }

  /** The flag with {@code category} spelled as the API does ({@link FlagCategory#id()}). */
  public static NewFlag of(
      String category,
      String file,
      String dataset,
      String taskId,
      String notes,
      String evidence,
      List<String> links) {
    FlagCategory parsed =
        FlagCategory.fromId(category == null ? "" : category)
            .orElseThrow(
                () ->
                    HubException.invalid(
                        "category: \""
                            + category
                            + "\" is not one of contamination, irreproducible,"
                            + " wrong-methodology, other"));
    return new NewFlag(parsed, file, dataset, taskId, notes, evidence, links);
  }

  /** The record's title: {@code Flag: contamination of cais/hle task hle (file)}. */
  public String title() {
    return RecordText.title(
        "title", "Flag: " + category.id() + " of " + dataset + " " + taskId + " (" + file + ")");
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw HubException.invalid(field + ": required");
    }
    return RecordText.title(field, value);
  }

  private static List<String> checkedLinks(List<String> links) {
    if (links.size() > MAX_LINKS) {
      throw HubException.invalid("links: at most " + MAX_LINKS + " links, not " + links.size());
    }
    List<String> checked = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      String link = links.get(i);
      String field = "links[" + i + "]";
      if (link == null || link.isBlank()) {
        throw HubException.invalid(field + ": empty");
      }
      if (link.length() > MAX_LINK_CHARS) {
        throw HubException.invalid(field + ": longer than " + MAX_LINK_CHARS + " characters");
      }
      URI uri;
      try {
        uri = new URI(link);
      } catch (URISyntaxException e) {
        throw HubException.invalid(field + ": not a URL: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw HubException.invalid(field + ": only absolute http(s) URLs with a host are allowed");
      }
      checked.add(link);
    }
    return checked;
  }
}
