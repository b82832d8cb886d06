package io.opsdeck.schedules.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A validated schedule, ready to store.
 *
 * @param name unique name (shown as {@code schedule:<name>} on the runs it starts)
 * @param action what it does
 * @param environmentId the environment it acts on
 * @param parametersJson the action's parameters, normalised, as a JSON object
 * @param cron Quartz cron expression
 * @param timeZone IANA zone id
 * @param misfirePolicy what missed fire times do
 * @param paused whether it is paused
 * @param recoveryPolicy what an interrupted run of a fire leads to
 * @param recoveryWindowMinutes how long after a fire's scheduled time a rerun may still start, 1-1440
 * @param description free text, or {@code null}
 */
record ScheduleSpec(String name, ScheduleAction action, UUID environmentId, String parametersJson, String cron,
		String timeZone, MisfirePolicy misfirePolicy, boolean paused, @Nullable String description,
		RecoveryPolicy recoveryPolicy, int recoveryWindowMinutes) {
}
