package dev.evalhub.domain.repo;

/**
 * The commit that last changed a file: its id, its author's name and its committer time. Immutable.
 */
public record CommitInfo(String id, String author, long timeMillis) {}
