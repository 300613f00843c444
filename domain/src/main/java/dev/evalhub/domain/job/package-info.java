/**
 * Evaluation jobs of the hub's runner as the administrative repository records them: {@link Job},
 * its {@link JobId} and {@link JobState}.
 */
package dev.evalhub.domain.job;
