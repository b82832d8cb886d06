package io.opsdeck.schedules.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;
import org.springframework.stereotype.Component;

/**
 * What makes a schedule valid, in one place for saving ({@link #validate}) and for the preview of fire times
 * ({@link #preview}, which reports as warnings what saving refuses): the name, the action and its parameters, the
 * environment policy (seed: development gets no automatic updates), the cron expression in its zone, at least one
 * future fire time and at most one fire per {@code opsdeck.schedules.minimum-interval}.
 */
@Component
class ScheduleRules {

	/** Recovery window of a schedule that names none, minutes. */
	static final int DEFAULT_RECOVERY_WINDOW_MINUTES = 60;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

	private final Inventory inventory;

	private final ScheduleJson json;

	private final SchedulesProperties properties;

	ScheduleRules(Inventory inventory, ScheduleJson json, SchedulesProperties properties) {
		this.inventory = inventory;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * @param input a schedule as sent
	 * @return it validated and normalised, ready to store
	 * @throws InvalidInputException naming the field that is missing or wrong
	 */
	ScheduleSpec validate(ScheduleInput input) {
		String name = (input.name() == null) ? "" : input.name().strip();
		if (!NAME.matcher(name).matches()) {
			throw new InvalidInputException("name", "name must be 1-100 characters: letters, digits, space, . _ -, "
					+ "starting with a letter or digit");
		}
		if (input.action() == null || input.action().isBlank()) {
			throw new InvalidInputException("action", "action is required: drill, security-update, health-check, "
					+ "backup, backup-verify or backup-cleanup");
		}
		ScheduleAction action = ScheduleAction.fromValue(input.action().strip());
		if (input.environment() == null || input.environment().isBlank()) {
			throw new InvalidInputException("environment", "environment is required");
		}
		EnvironmentSummary env = inventory.findEnvironment(input.environment().strip())
			.orElseThrow(() -> new InvalidInputException("environment", "unknown environment '"
					+ input.environment() + "'"));
		if (action == ScheduleAction.SECURITY_UPDATE && "development".equals(env.kind())) {
			throw new InvalidInputException("action", "development environments get no automatic updates (seed: "
					+ "Security Updates); run updates there by hand");
		}
		Map<String, Object> parameters = ScheduleParameters.normalise(action, input.parameters());
		ZoneId zone = CronRules.zone(input.timeZone());
		CronExpression expression = CronRules.parse(input.cron(), zone);
		String problem = timingProblem(expression, Instant.now());
		if (problem != null) {
			throw new InvalidInputException("cron", "'" + expression.getCronExpression() + "' " + problem);
		}
		MisfirePolicy misfire = (input.misfirePolicy() == null || input.misfirePolicy().isBlank())
				? MisfirePolicy.FIRE_ONCE : MisfirePolicy.fromValue(input.misfirePolicy().strip());
		String description = (input.description() == null || input.description().isBlank()) ? null
				: input.description().strip();
		if (description != null && description.length() > 500) {
			throw new InvalidInputException("description", "description holds at most 500 characters");
		}
		RecoveryPolicy recovery = (input.recoveryPolicy() == null || input.recoveryPolicy().isBlank())
				? RecoveryPolicy.NONE : RecoveryPolicy.fromValue(input.recoveryPolicy().strip());
		int window = (input.recoveryWindowMinutes() != null) ? input.recoveryWindowMinutes()
				: DEFAULT_RECOVERY_WINDOW_MINUTES;
		if (window < 1 || window > 1440) {
			throw new InvalidInputException("recoveryWindowMinutes", "the recovery window is 1 to 1440 minutes");
		}
		return new ScheduleSpec(name, action, env.id(), json.write(parameters), expression.getCronExpression(),
				zone.getId(), misfire, Boolean.TRUE.equals(input.paused()), description, recovery, window);
	}

	/**
	 * @param cron Quartz cron expression
	 * @param timeZone IANA zone id
	 * @param count how many fire times, 1-50
	 * @return the next fire times after now, and as warnings what saving would refuse plus the daylight-saving
	 * notes for the coming year
	 * @throws InvalidInputException naming the cron expression, the zone or the count
	 */
	SchedulePreview preview(@Nullable String cron, @Nullable String timeZone, int count) {
		if (count < 1 || count > 50) {
			throw new InvalidInputException("count", "count must be from 1 to 50");
		}
		ZoneId zone = CronRules.zone(timeZone);
		CronExpression expression = CronRules.parse(cron, zone);
		Instant now = Instant.now();
		List<String> warnings = new ArrayList<>(CronRules.warnings(expression.getCronExpression(), zone, now));
		String problem = timingProblem(expression, now);
		if (problem != null) {
			warnings.add(0, "the expression " + problem + ": it cannot be saved");
		}
		List<ZonedDateTime> next = CronRules.next(expression, zone, now, count);
		return new SchedulePreview(next.stream().map(ZonedDateTime::toOffsetDateTime).toList(), warnings);
	}

	/** @return why the expression cannot be a schedule's (no future fire time, fires too often), or {@code null} */
	private @Nullable String timingProblem(CronExpression expression, Instant now) {
		if (expression.getNextValidTimeAfter(java.util.Date.from(now)) == null) {
			return "has no fire time in the future";
		}
		Duration shortest = CronRules.shortestInterval(expression, now);
		if (shortest != null && shortest.compareTo(properties.minimumInterval()) < 0) {
			return "fires every " + shortest.toSeconds() + " s; schedules may fire at most once every "
					+ properties.minimumInterval().toSeconds() + " s";
		}
		return null;
	}

}
