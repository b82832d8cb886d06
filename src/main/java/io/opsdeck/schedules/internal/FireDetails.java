package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One fire of a schedule.
 *
 * @param id fire id
 * @param scheduledFor the fire time it belongs to (for "Run now", when it was pressed)
 * @param firedAt when Opsdeck handled it
 * @param finishedAt when an action Opsdeck performed itself, or a skip, ended; {@code null} for a started run
 * @param manual whether a user pressed "Run now"
 * @param triggeredBy {@code schedule:<name>} or the user/token that pressed "Run now"
 * @param node the Opsdeck node (Quartz instance id) that handled it
 * @param outcome {@code STARTED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code SKIPPED}
 * @param runId the run it started, or {@code null}
 * @param result the run's status for a started run (e.g. {@code SUCCEEDED}), else the outcome
 * @param message why it was skipped or failed, or what the action did; {@code null} for a started run
 * @param recoveryRunId the rerun the schedule's recovery policy started after the run was interrupted, or
 * {@code null}
 * @param recoveryMessage what the recovery policy did after the run was interrupted (rerun, or why not), or
 * {@code null}
 */
public record FireDetails(UUID id, Instant scheduledFor, Instant firedAt, @Nullable Instant finishedAt,
		boolean manual, String triggeredBy, String node, String outcome, @Nullable UUID runId, String result,
		@Nullable String message, @Nullable UUID recoveryRunId, @Nullable String recoveryMessage) {
}
