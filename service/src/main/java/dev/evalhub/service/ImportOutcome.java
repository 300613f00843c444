package dev.evalhub.service;

/** Placeholder of i12-service's ImportOutcome. */
public record ImportOutcome(ImportPreview preview, String commitId, Integer pullRequest) {}
