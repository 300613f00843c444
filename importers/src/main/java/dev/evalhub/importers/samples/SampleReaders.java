package dev.evalhub.importers.samples;

import dev.evalhub.importers.ImportLimits;
import dev.evalhub.importers.LogSource;
import java.util.List;
import java.util.Objects;

/**
 * Reads a per-sample details file into {@link SampleScores}, by its {@code details.format} id.
 * Files are streamed (JSON Lines line by line, Inspect {@code .json} and HELM lists element by
 * element, {@code .eval} entry by entry, parquet row by row), within the {@link ImportLimits}: the
 * file size, the line length, a zip's entries and ratios, nesting depth. Stateless and thread-safe.
 */
public final class SampleReaders {

  /** The {@code details.format} ids this class reads, in the order error messages list them. */
  public static final List<String> FORMATS =
      List.of(
          LmEvalSampleScores.FORMAT,
          InspectSampleScores.EVAL,
          InspectSampleScores.JSON,
          EeeSampleScores.FORMAT,
          LightevalSampleScores.FORMAT,
          HelmSampleScores.FORMAT);

  private SampleReaders() {}

  /**
   * Reads {@code source} as {@code format}; never throws for bad input: the outcome says why (an
   * unknown format id, an empty file, a file over {@link ImportLimits#maxFileBytes()}, a line,
   * entry or instance that is not the format, a duplicate item, a score that is NaN or infinite).
   *
   * @throws NullPointerException when an argument is null
   */
  public static SampleOutcome read(LogSource source, String format, ImportLimits limits) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(limits, "limits");
    if (!FORMATS.contains(format)) {
      return new SampleOutcome.Failed(
          "unknown details format \""
              + format
              + "\"; expected one of "
              + String.join(", ", FORMATS));
    }
    if (source.size() == 0) {
      return new SampleOutcome.Failed(source.name() + ": the file is empty");
    }
    if (source.size() > limits.maxFileBytes()) {
      return new SampleOutcome.Failed(
          source.name()
              + ": the file is "
              + source.size()
              + " bytes; a details file may hold at most "
              + limits.maxFileBytes());
    }
    try {
      SampleScores scores =
          switch (format) {
            case LmEvalSampleScores.FORMAT -> LmEvalSampleScores.read(source, limits);
            case InspectSampleScores.EVAL -> InspectSampleScores.readEval(source, limits);
            case InspectSampleScores.JSON -> InspectSampleScores.readJson(source, limits);
            case EeeSampleScores.FORMAT -> EeeSampleScores.read(source, limits);
            case LightevalSampleScores.FORMAT -> LightevalSampleScores.read(source);
            default -> HelmSampleScores.read(source, limits);
          };
      return new SampleOutcome.Read(scores);
    } catch (BadDetails e) {
      return new SampleOutcome.Failed(source.name() + " (" + format + "): " + e.getMessage());
    } catch (RuntimeException e) {
      return new SampleOutcome.Failed(source.name() + " (" + format + "): cannot be read: " + e);
    }
  }
}
