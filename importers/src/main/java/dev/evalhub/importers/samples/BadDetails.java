package dev.evalhub.importers.samples;

/**
 * Why a details file cannot be read into per-item scores; becomes a {@link SampleOutcome.Failed}.
 */
final class BadDetails extends Exception {

  private static final long serialVersionUID = 1L;

  BadDetails(String reason) {
    super(reason, null, false, false);
  }
}
