package io.opsdeck.patching.internal;

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
 * The patch gauges, per checked server (tags {@code server}, {@code environment}), re-read from the database
 * every minute and after each update run, so every node reports the same values:
 * {@code opsdeck_patch_pending_security_updates} (count), {@code opsdeck_reboot_required} (0 or 1) and
 * {@code opsdeck_reboot_required_since_timestamp_seconds} (Unix time of the first report that asked for the reboot;
 * only while one is required), for the "reboot required for more than 7 days" alert. A server never checked has no
 * series; a deleted one loses its series at the next refresh.
 */
@Component
class PatchMetrics implements RefreshedWhenReady {

	private static final Logger log = LoggerFactory.getLogger(PatchMetrics.class);

	private final PatchStore store;

	private final GaugeRows pendingSecurity;

	private final GaugeRows rebootRequired;

	private final GaugeRows rebootRequiredSince;

	PatchMetrics(PatchStore store, MeterRegistry meters) {
		this.store = store;
		this.pendingSecurity = new GaugeRows(MultiGauge.builder("opsdeck.patch.pending.security.updates")
			.description("Security updates pending on a server, as its last update run reported")
			.register(meters));
		this.rebootRequired = new GaugeRows(MultiGauge.builder("opsdeck.reboot.required")
			.description("1 when a server needs a reboot (reboot-required file or a newer kernel installed)")
			.register(meters));
		this.rebootRequiredSince = new GaugeRows(MultiGauge.builder("opsdeck.reboot.required.since.timestamp")
			.baseUnit("seconds")
			.description("Since when a server has needed a reboot (Unix time); no series while none is needed")
			.register(meters));
	}

	/** Re-reads the gauges from the database. */
	@Scheduled(initialDelayString = "${opsdeck.patching.metrics-refresh:60s}",
			fixedDelayString = "${opsdeck.patching.metrics-refresh:60s}")
	// synchronized: a refresh that read the database before a change must not register its rows after a later one
	@Override
	public synchronized void refresh() {
		try {
			List<PatchStore.Gauges> rows = store.gauges();
			pendingSecurity.replace(rows.stream()
				.collect(Collectors.toMap(PatchMetrics::tags, PatchStore.Gauges::pendingSecurity, (a, b) -> b)));
			rebootRequired.replace(rows.stream()
				.collect(Collectors.toMap(PatchMetrics::tags, row -> row.rebootRequired() ? 1 : 0, (a, b) -> b)));
			rebootRequiredSince.replace(rows.stream()
				.filter(row -> row.rebootRequired() && row.rebootRequiredSince() != null)
				.collect(Collectors.toMap(PatchMetrics::tags, row -> row.rebootRequiredSince().getEpochSecond(),
						(a, b) -> b)));
		}
		catch (DataAccessException ex) {
			log.debug("Patch gauges not refreshed: {}", ex.toString());
		}
	}

	private static Tags tags(PatchStore.Gauges row) {
		return Tags.of("server", row.server(), "environment", row.environment());
	}

}
