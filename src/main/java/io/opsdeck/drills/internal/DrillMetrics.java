package io.opsdeck.drills.internal;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opsdeck.drills.Drills;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drill freshness per environment for Prometheus, read from the database at each scrape (so every node reports the
 * same values; the list of environments is refreshed every 15 seconds):
 * <ul>
 * <li>{@code opsdeck_drill_last_success_timestamp_seconds{environment}}: Unix time (seconds) when the last drill
 * that restored successfully finished; 0 when there was none, so that an alert such as
 * {@code time() - opsdeck_drill_last_success_timestamp_seconds > 92 * 86400} fires for it too</li>
 * <li>{@code opsdeck_drill_overdue{environment}}: 1 when the environment had no successful drill in the last 92
 * days (seed: DR Drill Schedule, quarterly and mandatory), else 0</li>
 * </ul>
 */
@Component
class DrillMetrics {

	private final Drills drills;

	private final Inventory inventory;

	private final MultiGauge lastSuccess;

	private final MultiGauge overdue;

	DrillMetrics(Drills drills, Inventory inventory, MeterRegistry meters) {
		this.drills = drills;
		this.inventory = inventory;
		this.lastSuccess = MultiGauge.builder("opsdeck.drill.last.success.timestamp")
			.baseUnit("seconds")
			.description("When the environment's last successful DR drill finished (Unix time; 0: never)")
			.register(meters);
		this.overdue = MultiGauge.builder("opsdeck.drill.overdue")
			.description("1 when the environment had no successful DR drill in the last 92 days")
			.register(meters);
	}

	/** Replaces the gauges' rows with one per environment. */
	@EventListener(ApplicationReadyEvent.class)
	@Scheduled(initialDelay = 15_000, fixedDelay = 15_000)
	public void refresh() {
		List<EnvironmentSummary> environments = inventory.environments();
		lastSuccess.register(environments.stream()
			.map(e -> MultiGauge.Row.of(Tags.of("environment", e.name()), e.name(),
					name -> drills.lastSuccess(name).map(t -> (double) t.getEpochSecond()).orElse(0.0)))
			.toList(), true);
		overdue.register(environments.stream()
			.map(e -> MultiGauge.Row.of(Tags.of("environment", e.name()), e.name(),
					name -> drills.overdue(name) ? 1.0 : 0.0))
			.toList(), true);
	}

}
