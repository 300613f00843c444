package dev.evalhub.importers;

import dev.evalhub.importers.eee.EeeReader;
import dev.evalhub.importers.helm.HelmReader;
import dev.evalhub.importers.inspect.InspectReader;
import dev.evalhub.importers.lighteval.LightevalReader;
import dev.evalhub.importers.lmeval.LmEvalReader;
import java.util.List;

/** The readers evalhub ships, in the order files are offered to them. */
public final class LogReaders {

  private LogReaders() {}

  /** Every reader, most specific sniff first. */
  public static List<LogReader> all() {
    return List.of(
        new InspectReader(),
        new EeeReader(),
        new HelmReader(),
        new LightevalReader(),
        new LmEvalReader());
  }
}
