package dev.evalhub.importers;

import dev.evalhub.importers.eee.EeeReader;
import java.util.List;

/** The readers evalhub ships, in the order files are offered to them. */
public final class LogReaders {

  private LogReaders() {}

  /** Every reader, most specific sniff first. */
  public static List<LogReader> all() {
    return List.of(new EeeReader());
  }
}
