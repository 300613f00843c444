package dev.evalhub.domain.index;

/** Hears how far a rebuild of the index is: {@code done} repositories of {@code total}. */
@FunctionalInterface
public interface ReindexProgress {

  ReindexProgress NONE = (done, total) -> {};

  void update(int done, int total);
}
