package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A schedule as the API and pages show it.
 *
 * @param id schedule id
 * @param name unique name; runs it starts are triggered by {@code schedule:<name>}
 * @param action API spelling of the action
 * @param actionTitle human title of the action
 * @param environment environment name
 * @param parameters the action's parameters with defaults
 * @param cron Quartz cron expression
 * @param timeZone IANA zone id
 * @param misfirePolicy {@code fire-once} or {@code skip}
 * @param paused whether it is paused
 * @param description free text, or {@code null}
 * @param nextFireTimes the next five fire times in the schedule's zone, with offset (computed even when paused)
 * @param lastFire the latest fire, or {@code null}
 * @param createdAt when it was created
 * @param createdBy who created it ({@code kind:name})
 * @param updatedAt when it last changed
 * @param updatedBy who changed it last
 * @param recoveryPolicy {@code none} or {@code rerun}: what a run interrupted by a node's death leads to
 * @param recoveryWindowMinutes with {@code rerun}: latest rerun start after a fire's scheduled time, minutes
 * @param version its version, raised by every change (the API's {@code ETag}; send it back in {@code If-Match})
 */
public record ScheduleDetails(UUID id, String name, String action, String actionTitle, String environment,
		Map<String, Object> parameters, String cron, String timeZone, String misfirePolicy, boolean paused,
		@Nullable String description, List<OffsetDateTime> nextFireTimes, @Nullable FireDetails lastFire,
		Instant createdAt, String createdBy, Instant updatedAt, String updatedBy, String recoveryPolicy,
		int recoveryWindowMinutes, long version) {
}
