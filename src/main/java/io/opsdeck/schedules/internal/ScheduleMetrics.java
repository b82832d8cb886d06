package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opsdeck.shared.GaugeRows;
import io.opsdeck.shared.RefreshedWhenReady;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Scheduler liveness for Prometheus, per schedule (label {@code schedule}: its name), read from the database every
 * 30 seconds so that every node reports the same values whichever node fired:
 * <ul>
 * <li>{@code opsdeck_schedule_last_fire_timestamp_seconds{schedule}}: Unix time (seconds) of the schedule's last
 * fire by the scheduler (manual "run now" left out); no series before its first fire</li>
 * <li>{@code opsdeck_schedule_next_fire_timestamp_seconds{schedule}}: when it is due next, Unix time (seconds):
 * the first time its cron expression matches after its last scheduled fire (or after its last change when that is
 * later). While the scheduler fires, this is in the future; a value more than a few minutes in the past means the
 * fire did not happen ("scheduler not firing" alert in docs/monitoring/). Paused schedules have no series.</li>
 * </ul>
 */
@Component
class ScheduleMetrics implements RefreshedWhenReady {

	private static final Logger log = LoggerFactory.getLogger(ScheduleMetrics.class);

	private final ScheduleRepository schedules;

	private final ScheduleFireRepository fires;

	private final GaugeRows lastFire;

	private final GaugeRows nextFire;

	ScheduleMetrics(ScheduleRepository schedules, ScheduleFireRepository fires, MeterRegistry meters) {
		this.schedules = schedules;
		this.fires = fires;
		this.lastFire = new GaugeRows(MultiGauge.builder("opsdeck.schedule.last.fire.timestamp")
			.baseUnit("seconds")
			.description("When the scheduler last fired the schedule (Unix time; manual triggers left out)")
			.register(meters));
		this.nextFire = new GaugeRows(MultiGauge.builder("opsdeck.schedule.next.fire.timestamp")
			.baseUnit("seconds")
			.description("When the schedule is due next after its last fire (Unix time); in the past: not fired")
			.register(meters));
	}

	/** Replaces the gauges' rows with one per schedule. */
	@Scheduled(initialDelayString = "${opsdeck.schedules.metrics-refresh:30s}",
			fixedDelayString = "${opsdeck.schedules.metrics-refresh:30s}")
	// synchronized: a refresh that read the database before a change must not register its rows after a later one
	@Override
	public synchronized void refresh() {
		try {
			Map<UUID, Instant[]> last = new HashMap<>();
			for (Object[] row : fires.lastScheduledFires()) {
				last.put((UUID) row[0], new Instant[] { (Instant) row[1], (Instant) row[2] });
			}
			Map<Tags, Long> lastRows = new LinkedHashMap<>();
			Map<Tags, Long> nextRows = new LinkedHashMap<>();
			for (Schedule schedule : schedules.findAllByOrderByNameAsc()) {
				Tags tags = Tags.of("schedule", schedule.name());
				Instant[] fired = last.get(schedule.id());
				if (fired != null) {
					lastRows.put(tags, fired[0].getEpochSecond());
				}
				if (!schedule.paused()) {
					Instant after = (fired == null || schedule.updatedAt().isAfter(fired[1])) ? schedule.updatedAt()
							: fired[1];
					Instant due = next(schedule, after);
					if (due != null) {
						nextRows.put(tags, due.getEpochSecond());
					}
				}
			}
			lastFire.replace(lastRows);
			nextFire.replace(nextRows);
		}
		catch (DataAccessException ex) {
			log.debug("Schedule gauges not refreshed: {}", ex.toString());
		}
	}

	/** @return the first fire time strictly after {@code after}, or null when the expression never fires again */
	private static @Nullable Instant next(Schedule schedule, Instant after) {
		try {
			CronExpression expression = new CronExpression(schedule.cron());
			expression.setTimeZone(CronRules.timeZone(CronRules.zone(schedule.timeZone())));
			Date next = expression.getNextValidTimeAfter(Date.from(after));
			return (next != null) ? next.toInstant() : null;
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return null;
		}
	}

}
