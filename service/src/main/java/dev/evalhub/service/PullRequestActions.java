package dev.evalhub.service;

/**
 * What one caller may do on one discussion or pull request now, as {@link
 * PullRequestService#actions} decides: merge it, close it, reopen it, comment on it. Immutable.
 */
public record PullRequestActions(boolean merge, boolean close, boolean reopen, boolean comment) {}
