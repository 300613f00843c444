package dev.evalhub.importers;

import java.util.List;

/**
 * Reads one evaluation framework's logs. The importer shows every file to every reader's {@link
 * #accepts} (in registration order; the first that accepts a file gets it), then calls {@link
 * #read} once with all the files this reader accepted, so that a reader can join files that belong
 * together (lm-eval results and their {@code samples_*.jsonl}, a HELM run directory, an EEE record
 * and its samples). A reader never throws for bad input: it reports through the context and adds
 * only the results it could read.
 */
public interface LogReader {

  /** The evaluation framework id this reader's results carry by default. */
  String framework();

  /** Whether this reader reads the file, from its name and first bytes alone. */
  boolean accepts(Sniff sniff);

  /** Reads {@code files} (all accepted by {@link #accepts}), adding results and diagnostics. */
  void read(List<LogSource> files, ImportContext context);
}
