package dev.evalhub.service;

/** Placeholder of i12-service's ImportRequest. */
public record ImportRequest(
    String benchmark, String task, String metric, boolean createPr, String title) {}
