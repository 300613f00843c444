package dev.evalhub.service;

import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.importers.LogResult;

/** Placeholder of i12-service's PlannedResult. */
public record PlannedResult(LogResult from, String datasetId, String taskId, ResultEntry entry) {}
