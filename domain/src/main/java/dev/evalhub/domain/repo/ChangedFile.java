package dev.evalhub.domain.repo;

import dev.evalhub.formats.FileKind;
import java.util.Optional;

/**
 * A file evalhub reads that differs between the indexed commit and a ref's head: its path and kind,
 * its content at the head (empty when it was deleted), and the head-side commit that last changed
 * it. Immutable.
 */
public record ChangedFile(
    String path, FileKind kind, Optional<byte[]> content, Optional<CommitInfo> lastChange) {}
