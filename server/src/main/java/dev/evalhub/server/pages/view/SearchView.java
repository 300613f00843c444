package dev.evalhub.server.pages.view;

import java.util.List;

/**
 * The search results: the models and datasets the caller may see whose id contains the query.
 * Immutable.
 */
public record SearchView(Chrome chrome, String query, List<String> models, List<String> datasets) {

  public SearchView {
    models = List.copyOf(models);
    datasets = List.copyOf(datasets);
  }
}
