package io.opsdeck.health.internal;

import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opsdeck.shared.GaugeRows;
import io.opsdeck.shared.RefreshedWhenReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code opsdeck_health_check_status{server,check,environment}}: the latest stored status of each check of each
 * checked server, as {@link io.opsdeck.health.HealthStatus#gaugeValue()} (0 ok, 1 warning, 2 critical, 3 unknown).
 * Re-read from the database every minute and after each stored run, so every node reports the same values; a server
 * never checked has no series, a deleted one loses its series at the next refresh.
 */
@Component
class HealthMetrics implements RefreshedWhenReady {

	private static final Logger log = LoggerFactory.getLogger(HealthMetrics.class);

	private final HealthStore store;

	private final GaugeRows status;

	HealthMetrics(HealthStore store, MeterRegistry meters) {
		this.store = store;
		this.status = new GaugeRows(MultiGauge.builder("opsdeck.health.check.status")
			.description("Latest health-check status per server and check: 0 ok, 1 warning, 2 critical, 3 unknown")
			.register(meters));
	}

	/** Re-reads the gauge from the database. */
	@Scheduled(initialDelayString = "${opsdeck.health.metrics-refresh:60s}",
			fixedDelayString = "${opsdeck.health.metrics-refresh:60s}")
	// synchronized: a refresh that read the database before a change must not register its rows after a later one
	@Override
	public synchronized void refresh() {
		try {
			List<HealthStore.Gauge> rows = store.gauges();
			status.replace(rows.stream()
				.collect(Collectors.toMap(row -> Tags.of("server", row.server(), "check", row.check(), "environment",
						row.environment()), row -> row.status().gaugeValue(), (a, b) -> b)));
		}
		catch (DataAccessException ex) {
			log.debug("Health gauge not refreshed: {}", ex.toString());
		}
	}

}
