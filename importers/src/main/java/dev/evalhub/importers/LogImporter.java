package dev.evalhub.importers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a set of log files into the results they state. Every file is sniffed ({@link Sniff}) and
 * given to the first {@link LogReader} that accepts it; a file no reader accepts is an error that
 * lists the formats evalhub reads. Never throws for bad input: a reader's unexpected exception is
 * reported as an error of the files it was reading.
 */
public final class LogImporter {

  private final List<LogReader> readers;
  private final ImportLimits limits;

  public LogImporter(List<LogReader> readers, ImportLimits limits) {
    this.readers = List.copyOf(readers);
    this.limits = limits;
  }

  /** An importer with every reader evalhub ships, in sniffing order, and the default limits. */
  public static LogImporter standard() {
    return new LogImporter(LogReaders.all(), ImportLimits.DEFAULT);
  }

  public LogImporter withLimits(ImportLimits newLimits) {
    return new LogImporter(readers, newLimits);
  }

  public ReadLogs read(List<LogSource> files) {
    return read(files, ImportProgress.NONE);
  }

  public ReadLogs read(List<LogSource> files, ImportProgress progress) {
    ImportContext context = new ImportContext(limits, progress);
    Map<LogReader, List<LogSource>> claimed = new LinkedHashMap<>();
    for (LogSource file : files) {
      if (file.size() > limits.maxFileBytes()) {
        context.error(
            file,
            "the file is "
                + file.size()
                + " bytes; a log may hold at most "
                + limits.maxFileBytes());
        continue;
      }
      Sniff sniff;
      try {
        sniff = Sniff.of(file);
      } catch (IOException e) {
        context.error(file, "cannot read the file: " + e.getMessage());
        continue;
      }
      LogReader reader = readers.stream().filter(r -> accepts(r, sniff)).findFirst().orElse(null);
      if (reader == null) {
        context.error(
            file,
            "not a log evalhub reads; it reads "
                + readers.stream()
                    .map(LogReader::framework)
                    .distinct()
                    .collect(Collectors.joining(", "))
                + " (see docs/importing/README.md)");
        continue;
      }
      claimed.computeIfAbsent(reader, r -> new ArrayList<>()).add(file);
    }
    for (Map.Entry<LogReader, List<LogSource>> entry : claimed.entrySet()) {
      try {
        entry.getKey().read(entry.getValue(), context);
      } catch (RuntimeException bug) {
        for (LogSource file : entry.getValue()) {
          context.error(
              file,
              "the "
                  + entry.getKey().framework()
                  + " reader failed on this file ("
                  + bug
                  + "); please report it with the file");
        }
      }
    }
    return context.finish();
  }

  private static boolean accepts(LogReader reader, Sniff sniff) {
    try {
      return reader.accepts(sniff);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
