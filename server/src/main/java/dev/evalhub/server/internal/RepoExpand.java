package dev.evalhub.server.internal;

import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a repository info or listing request asks for beyond the basic fields: the Hub's {@code
 * expand[]=x} (some clients send {@code expand=x}; the Python client repeats {@code expand}),
 * {@code cardData=true} and {@code full=true} (the Python client sends {@code True}). Immutable.
 */
record RepoExpand(Set<String> fields, boolean cardData, boolean full) {

  static final String CARD_DATA = "cardData";
  static final String MODEL_INDEX = "model-index";
  static final String SIBLINGS = "siblings";
  static final String EVAL_RESULTS = "evalResults";

  RepoExpand {
    fields = Set.copyOf(fields);
  }

  static RepoExpand of(Context ctx) {
    Set<String> fields = new LinkedHashSet<>(ctx.queryParams("expand[]"));
    fields.addAll(ctx.queryParams("expand"));
    return new RepoExpand(
        fields, isTrue(ctx.queryParam("cardData")), isTrue(ctx.queryParam("full")));
  }

  boolean has(String field) {
    return fields.contains(field);
  }

  /** A listing sends {@code cardData} when asked by any of the three ways. */
  boolean listingCardData() {
    return cardData || full || has(CARD_DATA);
  }

  /** A listing sends {@code siblings} with {@code full=true} or {@code expand=siblings}. */
  boolean listingSiblings() {
    return full || has(SIBLINGS);
  }

  private static boolean isTrue(String value) {
    return value != null && (value.toLowerCase(Locale.ROOT).equals("true") || value.equals("1"));
  }
}
