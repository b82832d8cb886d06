package io.opsdeck.drills.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opsdeck.drills.DrillFinished;
import io.opsdeck.drills.Drills;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.GaugeRows;
import io.opsdeck.shared.RefreshedWhenReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drill gauges per environment for Prometheus, read from the database (so every node reports the same values; the
 * rows are refreshed every 15 seconds and after each judged drill):
 * <ul>
 * <li>{@code opsdeck_drill_last_success_timestamp_seconds{environment}}: Unix time (seconds) when the last drill
 * that restored successfully finished; 0 when there was none, so that an alert such as
 * {@code time() - opsdeck_drill_last_success_timestamp_seconds > 92 * 86400} fires for it too</li>
 * <li>{@code opsdeck_drill_overdue{environment}}: 1 when the environment had no successful drill in the last 92
 * days (seed: DR Drill Schedule, quarterly and mandatory), else 0</li>
 * <li>{@code opsdeck_drill_duration_seconds{environment}}: the measured recovery time of the environment's last
 * timed drill, seconds; no series before its first timed drill</li>
 * <li>{@code opsdeck_drill_rto_target_seconds{environment}}: the RTO target in its drill settings, or the default
 * 1,800 s (seed: "RTO target: 30 minutes") when it has none</li>
 * </ul>
 */
@Component
class DrillMetrics implements RefreshedWhenReady {

	private static final Logger log = LoggerFactory.getLogger(DrillMetrics.class);

	private final Drills drills;

	private final Inventory inventory;

	private final DrillRepository history;

	private final DrillSettingsRepository settings;

	private final MultiGauge lastSuccess;

	private final MultiGauge overdue;

	private final GaugeRows duration;

	private final GaugeRows rtoTarget;

	DrillMetrics(Drills drills, Inventory inventory, DrillRepository history, DrillSettingsRepository settings,
			MeterRegistry meters) {
		this.drills = drills;
		this.inventory = inventory;
		this.history = history;
		this.settings = settings;
		this.lastSuccess = MultiGauge.builder("opsdeck.drill.last.success.timestamp")
			.baseUnit("seconds")
			.description("When the environment's last successful DR drill finished (Unix time; 0: never)")
			.register(meters);
		this.overdue = MultiGauge.builder("opsdeck.drill.overdue")
			.description("1 when the environment had no successful DR drill in the last 92 days")
			.register(meters);
		this.duration = new GaugeRows(MultiGauge.builder("opsdeck.drill.duration")
			.baseUnit("seconds")
			.description("Measured recovery time of the environment's last timed DR drill")
			.register(meters));
		this.rtoTarget = new GaugeRows(MultiGauge.builder("opsdeck.drill.rto.target")
			.baseUnit("seconds")
			.description("The environment's RTO target from its drill settings (default 1800)")
			.register(meters));
	}

	/** Replaces the gauges' rows with one per environment. */
	@Scheduled(initialDelay = 15_000, fixedDelay = 15_000)
	// synchronized: a refresh that read the database before a change must not register its rows after a later one
	public synchronized void refresh() {
		try {
			List<EnvironmentSummary> environments = inventory.environments();
			lastSuccess.register(environments.stream()
				.map(e -> MultiGauge.Row.of(Tags.of("environment", e.name()), e.name(),
						name -> drills.lastSuccess(name).map(t -> (double) t.getEpochSecond()).orElse(0.0)))
				.toList(), false); // false: read at each scrape; re-adding a kept row races a scrape (see GaugeRows)
			overdue.register(environments.stream()
				.map(e -> MultiGauge.Row.of(Tags.of("environment", e.name()), e.name(),
						name -> drills.overdue(name) ? 1.0 : 0.0))
				.toList(), false);
			Map<UUID, Integer> targets = new HashMap<>();
			settings.rtoTargets().forEach(row -> targets.put((UUID) row[0], ((Number) row[1]).intValue()));
			Map<Tags, Integer> rto = new LinkedHashMap<>();
			environments.forEach(e -> rto.put(Tags.of("environment", e.name()),
					targets.getOrDefault(e.id(), DrillSettingsValues.DEFAULT_RTO_SECONDS)));
			rtoTarget.replace(rto);
			Map<Tags, Number> durations = new HashMap<>();
			history.lastDurations().forEach(row -> durations.put(Tags.of("environment", (String) row[0]), (Number) row[1]));
			duration.replace(durations);
		}
		catch (DataAccessException ex) {
			log.debug("Drill gauges not refreshed: {}", ex.toString());
		}
	}

	/** A judged drill changes the duration at once, not at the next refresh. */
	@EventListener
	void on(DrillFinished finished) {
		refresh();
	}

}
