package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.schedules.ScheduleOverview;
import io.opsdeck.shared.NotFoundException;
import org.quartz.CronExpression;

import org.springframework.stereotype.Component;

/**
 * How schedules and their fires are shown, for {@link ScheduleQueryService} and {@link ScheduleService}: a schedule
 * with its environment's name, next fire times and last fire; a fire with the status of the run it started.
 */
@Component
class ScheduleViews {

	private final ScheduleFireRepository fires;

	private final Inventory inventory;

	private final Runs runs;

	private final ScheduleJson json;

	ScheduleViews(ScheduleFireRepository fires, Inventory inventory, Runs runs, ScheduleJson json) {
		this.fires = fires;
		this.inventory = inventory;
		this.runs = runs;
		this.json = json;
	}

	/** @throws NotFoundException when there is no environment of that name */
	EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name)
			.orElseThrow(() -> new NotFoundException("environment", name));
	}

	/** @return every environment's name by its id */
	Map<UUID, String> environmentNames() {
		Map<UUID, String> names = new java.util.HashMap<>();
		inventory.environments().forEach(e -> names.put(e.id(), e.name()));
		return names;
	}

	/**
	 * @param environments environment names by id ({@link #environmentNames})
	 * @return the schedule with its next 5 fire times and its last fire
	 */
	ScheduleDetails details(Schedule s, Map<UUID, String> environments) {
		ZoneId zone = ZoneId.of(s.timeZone());
		CronExpression expression = CronRules.parse(s.cron(), zone);
		List<java.time.OffsetDateTime> next = CronRules.next(expression, zone, Instant.now(), 5).stream()
			.map(java.time.ZonedDateTime::toOffsetDateTime)
			.toList();
		FireDetails last = fires.findFirstByScheduleIdOrderByFiredAtDesc(s.id()).map(this::fireDetails).orElse(null);
		ScheduleAction action = s.action();
		return new ScheduleDetails(s.id(), s.name(), action.value(), action.title(),
				environments.getOrDefault(s.environmentId(), "?"), json.read(s.parametersJson()), s.cron(),
				s.timeZone(), s.misfirePolicy().value(), s.paused(), s.description(), next, last, s.createdAt(),
				s.createdBy(), s.updatedAt(), s.updatedBy(), s.recoveryPolicy().value(), s.recoveryWindowMinutes(),
				s.version());
	}

	/** @return the fire, with the status of the run it started as its result */
	FireDetails fireDetails(ScheduleFire f) {
		String result = f.outcome().name();
		if (f.outcome() == ScheduleFire.Outcome.STARTED && f.runId() != null) {
			result = runs.find(f.runId()).map(RunSummary::status).orElse(result);
		}
		return new FireDetails(f.id(), f.scheduledFor(), f.firedAt(), f.finishedAt(), f.manual(), f.triggeredBy(),
				f.node(), f.outcome().name(), f.runId(), result, f.message(), f.recoveryRunId(), f.recoveryMessage());
	}

	/** @return the schedule as other modules see it ({@link io.opsdeck.schedules.ScheduleQueries}) */
	static ScheduleOverview overview(ScheduleDetails d) {
		FireDetails f = d.lastFire();
		ScheduleOverview.LastFire last = (f == null) ? null
				: new ScheduleOverview.LastFire(f.firedAt(), f.manual(), f.result(), f.runId(), f.message());
		return new ScheduleOverview(d.id(), d.name(), d.action(), d.environment(), d.parameters(), d.cron(),
				d.timeZone(), d.paused(), d.nextFireTimes().stream().map(java.time.OffsetDateTime::toInstant).toList(),
				last);
	}

}
