package dev.evalhub.formats.model;

import java.util.List;
import java.util.Map;

/**
 * The Inspect AI part of a task: how records map to samples, the solver chain and the scorers. The
 * optional settings are null when absent. Immutable; {@code fieldSpec} and component arguments are
 * plain JSON-like values.
 */
public record InspectTask(
    Map<String, Object> fieldSpec,
    List<Component> solvers,
    List<Component> scorers,
    Boolean shuffleChoices,
    Integer epochs,
    String epochReducer) {

  public InspectTask {
    fieldSpec = PlainValues.copyOf(fieldSpec);
    solvers = List.copyOf(solvers);
    scorers = List.copyOf(scorers);
  }

  /** A solver or scorer: its registered name and its arguments. */
  public record Component(String name, Map<String, Object> args) {
    public Component {
      args = PlainValues.copyOf(args);
    }
  }
}
