package io.opsdeck.schedules.web;

import java.util.Map;

import io.opsdeck.schedules.internal.ScheduleInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/schedules} and {@code PUT /api/v1/schedules/{id}}. Fields are checked by the service,
 * which answers 400 naming the field.
 *
 * @param name unique name; runs it starts are triggered by {@code schedule:<name>}
 * @param action {@code drill}, {@code security-update}, {@code health-check}, {@code backup}, {@code backup-verify},
 * {@code backup-cleanup}
 * @param environment environment name
 * @param parameters the action's parameters (see docs/schedules.md)
 * @param cron Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year]
 * @param timeZone IANA zone id
 * @param misfirePolicy {@code fire-once} (default) or {@code skip}
 * @param paused whether it is paused ({@code null}: false on create, unchanged on update)
 * @param description free text
 * @param recoveryPolicy {@code none} (default) or {@code rerun}
 * @param recoveryWindowMinutes with {@code rerun}: latest rerun start after the fire's time, minutes, 1-1440 (60)
 */
record ScheduleRequest(@Schema(example = "staging quarterly drill") @Nullable String name,
		@Schema(example = "drill") @Nullable String action, @Schema(example = "staging") @Nullable String environment,
		@Schema(example = "{\"type\":\"full\"}") @Nullable Map<String, Object> parameters,
		@Schema(example = "0 0 2 ? 1,4,7,10 MON#1") @Nullable String cron,
		@Schema(example = "Europe/Berlin") @Nullable String timeZone,
		@Schema(example = "fire-once", allowableValues = { "fire-once", "skip" }) @Nullable String misfirePolicy,
		@Nullable Boolean paused, @Nullable String description,
		@Schema(example = "none", allowableValues = { "none", "rerun" }) @Nullable String recoveryPolicy,
		// the range is checked by ScheduleRules; declared here so that a body that is no number ("60m") names it
		@Schema(example = "60", minimum = "1", maximum = "1440") @Min(1) @Max(1440) @Nullable Integer recoveryWindowMinutes) {

	ScheduleInput input() {
		return new ScheduleInput(name, action, environment, parameters, cron, timeZone, misfirePolicy, paused,
				description, recoveryPolicy, recoveryWindowMinutes);
	}

}
