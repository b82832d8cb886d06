package io.opsdeck.schedules.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A schedule as a user sends it (API body or form), before validation.
 *
 * @param name unique name, 1-100 characters: letters, digits, space, {@code . _ -}
 * @param action {@code drill}, {@code security-update}, {@code health-check}, {@code backup},
 * {@code backup-verify} or {@code backup-cleanup}
 * @param environment environment name
 * @param parameters the action's parameters ({@link ScheduleParameters}), or {@code null} for defaults
 * @param cron Quartz cron expression (6 or 7 fields)
 * @param timeZone IANA zone id the cron fields are read in
 * @param misfirePolicy {@code fire-once} (default) or {@code skip}
 * @param paused create or keep it paused; {@code null} keeps the current state ({@code false} for a new one)
 * @param description free text up to 500 characters, or {@code null}
 * @param recoveryPolicy {@code none} (default) or {@code rerun}: what a run interrupted by a node's death leads to
 * @param recoveryWindowMinutes with {@code rerun}: a rerun starts only this many minutes after the fire's
 * scheduled time at most, 1-1440 ({@code null}: 60)
 */
public record ScheduleInput(@Nullable String name, @Nullable String action, @Nullable String environment,
		@Nullable Map<String, Object> parameters, @Nullable String cron, @Nullable String timeZone,
		@Nullable String misfirePolicy, @Nullable Boolean paused, @Nullable String description,
		@Nullable String recoveryPolicy, @Nullable Integer recoveryWindowMinutes) {

	/** An input with the default recovery policy ({@code none}). */
	public ScheduleInput(@Nullable String name, @Nullable String action, @Nullable String environment,
			@Nullable Map<String, Object> parameters, @Nullable String cron, @Nullable String timeZone,
			@Nullable String misfirePolicy, @Nullable Boolean paused, @Nullable String description) {
		this(name, action, environment, parameters, cron, timeZone, misfirePolicy, paused, description, null, null);
	}

}
